-- name: reconciliation
-- kind: ddl
-- description: Results: the reconciliation of internal estimates with billing evidence that each reconcile run
--   writes under its run id (int_reconciliation__computed); visible through reconciliation_periods. Columns as
--   v_reconciliation shows them.
-- grain: one row per run, billing period, provider, account, model/SKU (null at account level) and currency
-- depends_on: none
-- params: none
create table if not exists reconciliation (
  run_id varchar,
  billing_period varchar,
  provider varchar,
  billing_account_id varchar,
  sku_or_model varchar,
  currency varchar,
  estimated_cost decimal(38, 12),
  billed_total decimal(38, 12),
  billed_usage_cost decimal(38, 12),
  credits decimal(38, 12),
  taxes decimal(38, 12),
  refunds decimal(38, 12),
  commitments decimal(38, 12),
  fees decimal(38, 12),
  corrections decimal(38, 12),
  raw_variance decimal(38, 12),
  raw_variance_pct double,
  adjusted_variance decimal(38, 12),
  adjusted_variance_pct double,
  status varchar,
  adjustments decimal(38, 12),
  timing decimal(38, 12),
  threshold double,
  granularity varchar,
  requests bigint,
  priced_requests bigint,
  unpriced_requests bigint,
  billing_lines bigint,
  usage_lines bigint,
  payer_account_id varchar,
  corrections_billed_from varchar,
  corrections_billed_to varchar,
  note varchar,
  as_of timestamp
)
