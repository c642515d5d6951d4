-- name: reconciliation_rows
-- kind: query
-- description: The published v_reconciliation rows of billing periods period_from..period_to (YYYY-MM), every
--   column, in the view's order (period, provider, account, model with the account-level row last, currency):
--   what the CLI's reconcile command prints.
-- grain: one row per billing period, provider, account, model/SKU and currency
-- depends_on: v_reconciliation
-- params: period_from, period_to
select *
from v_reconciliation
where billing_period between ? and ?
order by billing_period, provider, billing_account_id nulls last, sku_or_model nulls last, currency nulls last
