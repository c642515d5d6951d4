-- name: alert_reconciliation_variance
-- kind: check
-- description: Alert rule reconciliation_variance (DESIGN §7, §10): the closed billing periods from
--   billing_period_from to billing_period_to (YYYY-MM) whose bill differs from the estimate after adjustments
--   by more than the threshold: the v_reconciliation rows reconcile judged a breach (period_open rows are
--   never one). abs_adjusted_variance_pct = |billed_usage_cost - estimated_cost| / billed_usage_cost (a
--   double); a breach with no billed usage to divide by (estimated usage the bill does not charge) counts as
--   1, the whole estimate. billing_lines, every line of the row, is the volume compared with min_volume. One
--   row = one alert candidate; period = the billing period. Zero rows pass.
-- grain: billing period x provider x billing account x model/SKU x currency
-- depends_on: v_reconciliation
-- params: billing_period_from, billing_period_to, threshold, min_volume
with

breaches as (
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
    raw_variance_pct,
    adjusted_variance,
    adjusted_variance_pct,
    billing_lines
  from v_reconciliation
  where billing_period between ? and ?
    and status = 'breach'
),

final as (
  select
    billing_period as period,
    provider,
    billing_account_id,
    sku_or_model,
    currency,
    coalesce(abs(adjusted_variance_pct), cast(1 as double)) as abs_adjusted_variance_pct,
    cast(billing_lines as bigint) as billing_lines,
    adjusted_variance_pct,
    adjusted_variance,
    estimated_cost,
    billed_usage_cost,
    billed_total,
    credits,
    taxes,
    refunds,
    raw_variance_pct
  from breaches
)

select * from final
where abs_adjusted_variance_pct > ?
  and billing_lines >= ?
order by period, provider, billing_account_id, sku_or_model, currency
