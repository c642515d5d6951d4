-- name: reconciliation
-- kind: ddl
-- description: Results: the reconciliation of internal estimates with billing evidence that each reconcile run
--   writes under its run id (int_reconciliation__computed); visible through reconciliation_periods. Columns as
--   v_reconciliation shows them.
-- grain: one row per run, billing period, provider, account, model/SKU (null at account level) and currency
-- depends_on: none
-- params: none
create table if not exists reconciliation (
  `run_id` string,
  `billing_period` string,
  `provider` string,
  `billing_account_id` string,
  `sku_or_model` string,
  `currency` string,
  `estimated_cost` decimal(38,12),
  `billed_total` decimal(38,12),
  `billed_usage_cost` decimal(38,12),
  `credits` decimal(38,12),
  `taxes` decimal(38,12),
  `refunds` decimal(38,12),
  `commitments` decimal(38,12),
  `fees` decimal(38,12),
  `corrections` decimal(38,12),
  `raw_variance` decimal(38,12),
  `raw_variance_pct` double,
  `adjusted_variance` decimal(38,12),
  `adjusted_variance_pct` double,
  `status` string,
  `adjustments` decimal(38,12),
  `timing` decimal(38,12),
  `threshold` double,
  `granularity` string,
  `requests` bigint,
  `priced_requests` bigint,
  `unpriced_requests` bigint,
  `billing_lines` bigint,
  `usage_lines` bigint,
  `payer_account_id` string,
  `corrections_billed_from` string,
  `corrections_billed_to` string,
  `note` string,
  `as_of` timestamp
)
partitioned by (`billing_period`)
location '{{lake}}/warehouse/reconciliation/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
