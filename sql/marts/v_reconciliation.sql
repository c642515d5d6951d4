-- name: v_reconciliation
-- kind: view
-- description: Finance view (DESIGN §7): internal estimates against billing evidence per billing period (YYYY-MM),
--   provider, account, model/SKU and currency, as the latest reconcile run published them (computed by
--   int_reconciliation__computed, which documents every figure). billing_account_id is the account the bill
--   charges the usage to - the sub-account (AWS usage account, OpenAI project, Anthropic workspace) where the
--   bill names one, else the billing account - the account cost events name as provider_account; the payer is
--   in payer_account_id. sku_or_model is null on an account-level row. Figures are exact decimals in the row's
--   currency; raw_variance = billed_total - estimated_cost and adjusted_variance = billed_usage_cost -
--   estimated_cost, each _pct a fraction (0.07 = 7%) of the billed figure it compares with, null when that is
--   0. status: within_threshold | breach | period_open | no_billing_data | no_estimate. A correction billed in
--   a later period counts in the period it corrects (corrections, corrections_billed_from/to, note). Columns
--   after status are extras.
-- grain: one row per billing period, provider, account, model/SKU (null at account level) and currency
-- depends_on: reconciliation, reconciliation_periods
-- params: none
create or replace view v_reconciliation as
with

published as (
  select r.*
  from reconciliation as r
  inner join reconciliation_periods as p
    on p.billing_period = r.billing_period and p.run_id = r.run_id
)

select
  billing_period,
  provider,
  billing_account_id,
  sku_or_model,
  currency,
  estimated_cost,
  billed_total,
  billed_usage_cost,
  credits,
  taxes,
  refunds,
  commitments,
  fees,
  corrections,
  raw_variance,
  raw_variance_pct,
  adjusted_variance,
  adjusted_variance_pct,
  status,
  adjustments,
  timing,
  threshold,
  granularity,
  requests,
  priced_requests,
  unpriced_requests,
  billing_lines,
  usage_lines,
  payer_account_id,
  corrections_billed_from,
  corrections_billed_to,
  note,
  as_of,
  run_id
from published
