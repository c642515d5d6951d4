-- name: int_reconciliation__computed
-- kind: query
-- description: Writes to reconciliation, under the run id, the comparison of internal estimates with billing
--   evidence for billing periods period_from..period_to (YYYY-MM), per DESIGN §7. A billing line counts in the
--   period that carries it, except a correction (charge_class = 'correction'), which counts in the month of its
--   charge period - the period it corrects - so billing lines are read for dt_from..dt_to, up to the latest
--   period a correction can arrive in. The estimate is the sum of the priced requests' costs (DESIGN §7.1) whose
--   timestamp falls in the month (requests read for day_from..day_to); unpriced requests add nothing and are
--   counted. Estimates meet lines on provider, account (the events' provider_account = the line's
--   sub_account_id, else its billing_account_id), model (model_or_deployment = sku_or_model) and currency:
--   amounts in different currencies are never summed, they are different rows. A billing name (AWS bills
--   Bedrock usage with no resource ARN under its usage type's name, e.g. Claude3Haiku) meets the estimates of
--   the model ids the run's reconciliation_billing_names map to it (from the settings'
--   reconciliation.bedrock_billing_names); an event's model id matches a listed id as it is or without an
--   inference-profile scope (us., eu., apac., us-gov., global. ...: a lower-case word before a vendor-prefixed
--   id), the exact match first. The row stays the billing name's, one row per billing name: the bill cannot be
--   split between the ids it covers (on-demand and profile ids are billed as one), so their estimates move to
--   it. They move only where that period, provider, account and currency has a line naming the billing name;
--   elsewhere (lines with ARNs naming the ids) they stay under their model id. A billing name with no mapping
--   keeps its own row with no estimate (doctor names it). Granularity: when any usage
--   line of a period x provider x account x currency names no model (an invoice with totals only), that whole
--   account is reconciled as one row with sku_or_model null and every model's estimate; otherwise one row per
--   model, and lines that name no model (taxes, credits, fees) form the account's row with sku_or_model null
--   and no estimate. billed_total sums every line; billed_usage_cost the usage lines; credits, taxes, refunds,
--   commitments, fees and adjustments their categories (the six add up to billed_total - billed_usage_cost);
--   corrections the correction lines counted here (already inside their categories); timing the lines billed
--   in this period for usage of another month. raw_variance = billed_total - estimated_cost, adjusted_variance
--   = billed_usage_cost - estimated_cost, each _pct a fraction of the billed figure it compares with (null
--   when that is 0). Status, in order: period_open (billing_period >= open_period_from: not closed as of the
--   run), no_billing_data (no line), no_estimate (billed usage and a zero
--   estimate: no priced request, or only requests with no tokens, which cost 0), within_threshold
--   (|adjusted_variance_pct| <= the provider's threshold, or no variance), else breach.
-- grain: one row per billing period, provider, account, model/SKU (null at account level) and currency
-- depends_on: v_billing_lines, int_requests__priced, reconciliation_thresholds, reconciliation_billing_names,
--   reconciliation
-- params: run_id, as_of, dt_from, dt_to, period_from, period_to, day_from, day_to, threshold_run_id,
--   billing_names_run_id, open_period_from
insert into reconciliation (
  run_id, billing_period, provider, billing_account_id, sku_or_model, currency, estimated_cost, billed_total,
  billed_usage_cost, credits, taxes, refunds, commitments, fees, corrections, raw_variance, raw_variance_pct,
  adjusted_variance, adjusted_variance_pct, status, adjustments, timing, threshold, granularity, requests,
  priced_requests, unpriced_requests, billing_lines, usage_lines, payer_account_id, corrections_billed_from,
  corrections_billed_to, note, as_of
)
with

run as (
  select
    cast(? as varchar) as run_id,
    cast(from_iso8601_timestamp(?) as timestamp) as as_of
),

billing_lines as (
  select
    case
      when charge_class = 'correction' then substr(cast(cast(charge_period_start as date) as varchar), 1, 7)
      else substr(cast(billing_period_start as varchar), 1, 7)
    end as billing_period,
    substr(cast(billing_period_start as varchar), 1, 7) as billed_in_period,
    substr(cast(cast(charge_period_start as date) as varchar), 1, 7) as charge_month,
    provider,
    coalesce(sub_account_id, billing_account_id) as account_id,
    billing_account_id as payer_account_id,
    sku_or_model,
    charge_category,
    charge_class,
    billed_cost,
    currency
  from v_billing_lines
  where dt between ? and ?
),

period_lines as (
  select * from billing_lines
  where billing_period between ? and ?
),

estimates as (
  select
    substr(cast(request_day as varchar), 1, 7) as billing_period,
    provider,
    provider_account as account_id,
    model_or_deployment as sku_or_model,
    currency,
    priced,
    cost
  from int_requests__priced
  where request_day between cast(? as date) and cast(? as date)
),

thresholds as (
  select provider, threshold from reconciliation_thresholds
  where run_id = ?
),

billing_names as (
  select provider, billing_name, model_id from reconciliation_billing_names
  where run_id = ?
),

billed_models as (
  select distinct billing_period, provider, account_id, currency, sku_or_model
  from period_lines
  where sku_or_model is not null
),

estimate_billing_names as (
  select
    estimates.*,
    coalesce(listed.billing_name, listed_without_scope.billing_name) as billing_name
  from estimates
  left join billing_names as listed
    on listed.provider = estimates.provider
    and listed.model_id = estimates.sku_or_model
  left join billing_names as listed_without_scope
    on listed_without_scope.provider = estimates.provider
    and listed_without_scope.model_id = nullif(
      regexp_extract(estimates.sku_or_model, '^[a-z]+(?:-[a-z]+)?\.([a-z0-9-]+\..+)$', 1), ''
    )
),

matched_estimates as (
  select
    named.billing_period,
    named.provider,
    named.account_id,
    named.currency,
    coalesce(billed_name.sku_or_model, named.sku_or_model) as sku_or_model,
    billed_name.sku_or_model is not null as by_billing_name,
    named.priced,
    named.cost
  from estimate_billing_names as named
  left join billed_models as billed_name
    on billed_name.billing_period = named.billing_period
    and billed_name.provider = named.provider
    and billed_name.account_id = named.account_id
    and billed_name.currency = named.currency
    and billed_name.sku_or_model = named.billing_name
),

facts as (
  select
    billing_period,
    provider,
    account_id,
    currency,
    sku_or_model,
    1 as billing_line,
    case when charge_category = 'usage' then 1 else 0 end as usage_line,
    0 as billing_name_request,
    billed_in_period,
    charge_month,
    payer_account_id,
    charge_category,
    charge_class,
    billed_cost,
    0 as request,
    0 as priced_request,
    cast(0 as decimal(38, 24)) as estimated_cost
  from period_lines
  union all
  select
    billing_period,
    provider,
    account_id,
    currency,
    sku_or_model,
    0 as billing_line,
    0 as usage_line,
    case when by_billing_name then 1 else 0 end as billing_name_request,
    cast(null as varchar) as billed_in_period,
    cast(null as varchar) as charge_month,
    cast(null as varchar) as payer_account_id,
    cast(null as varchar) as charge_category,
    cast(null as varchar) as charge_class,
    cast(0 as decimal(38, 12)) as billed_cost,
    1 as request,
    case when priced then 1 else 0 end as priced_request,
    coalesce(cost, cast(0 as decimal(38, 24))) as estimated_cost
  from matched_estimates
),

with_granularity as (
  select
    facts.*,
    sum(case when usage_line = 1 and sku_or_model is null then 1 else 0 end) over (
      partition by billing_period, provider, account_id, currency
    ) as account_usage_lines_without_model
  from facts
),

keyed as (
  select
    with_granularity.*,
    account_usage_lines_without_model > 0 as at_account_level,
    case when account_usage_lines_without_model > 0 then null else sku_or_model end as row_sku_or_model
  from with_granularity
),

figures as (
  select
    billing_period,
    provider,
    account_id,
    row_sku_or_model as sku_or_model,
    currency,
    bool_or(at_account_level) as at_account_level,
    cast(sum(estimated_cost) as decimal(38, 12)) as estimated_cost,
    sum(billed_cost) as billed_total,
    sum(case when charge_category = 'usage' then billed_cost else 0 end) as billed_usage_cost,
    sum(case when charge_category = 'credit' then billed_cost else 0 end) as credits,
    sum(case when charge_category = 'tax' then billed_cost else 0 end) as taxes,
    sum(case when charge_category = 'refund' then billed_cost else 0 end) as refunds,
    sum(case when charge_category = 'commitment' then billed_cost else 0 end) as commitments,
    sum(case when charge_category = 'fee' then billed_cost else 0 end) as fees,
    sum(case when charge_category = 'adjustment' then billed_cost else 0 end) as adjustments,
    sum(case when charge_class = 'correction' then billed_cost else 0 end) as corrections,
    sum(
      case when billing_line = 1 and charge_class is null and charge_month <> billed_in_period then billed_cost else 0 end
    ) as timing,
    sum(request) as requests,
    sum(priced_request) as priced_requests,
    sum(billing_name_request) as billing_name_requests,
    sum(billing_line) as billing_lines,
    sum(usage_line) as usage_lines,
    max(payer_account_id) as payer_account_id,
    min(case when charge_class = 'correction' and billed_in_period <> billing_period then billed_in_period end)
      as corrections_billed_from,
    max(case when charge_class = 'correction' and billed_in_period <> billing_period then billed_in_period end)
      as corrections_billed_to
  from keyed
  group by billing_period, provider, account_id, row_sku_or_model, currency
),

variances as (
  select
    figures.*,
    billed_total - estimated_cost as raw_variance,
    billed_usage_cost - estimated_cost as adjusted_variance,
    cast(billed_total - estimated_cost as double) / nullif(cast(billed_total as double), 0) as raw_variance_pct,
    cast(billed_usage_cost - estimated_cost as double) / nullif(cast(billed_usage_cost as double), 0)
      as adjusted_variance_pct,
    coalesce(provider_threshold.threshold, default_threshold.threshold) as threshold
  from figures
  left join thresholds as provider_threshold
    on provider_threshold.provider = figures.provider
  left join thresholds as default_threshold
    on default_threshold.provider = '*'
),

final as (
  select
    run.run_id,
    variances.billing_period,
    variances.provider,
    variances.account_id as billing_account_id,
    variances.sku_or_model,
    variances.currency,
    variances.estimated_cost,
    variances.billed_total,
    variances.billed_usage_cost,
    variances.credits,
    variances.taxes,
    variances.refunds,
    variances.commitments,
    variances.fees,
    variances.corrections,
    variances.raw_variance,
    variances.raw_variance_pct,
    variances.adjusted_variance,
    variances.adjusted_variance_pct,
    case
      when variances.billing_period >= ? then 'period_open'
      when variances.billing_lines = 0 then 'no_billing_data'
      when variances.estimated_cost = 0 and variances.billed_usage_cost <> 0 then 'no_estimate'
      when variances.adjusted_variance = 0 then 'within_threshold'
      when variances.adjusted_variance_pct is null then 'breach'
      when abs(variances.adjusted_variance_pct) <= variances.threshold then 'within_threshold'
      else 'breach'
    end as status,
    variances.adjustments,
    variances.timing,
    variances.threshold,
    case when variances.at_account_level then 'account' else 'model' end as granularity,
    variances.requests,
    variances.priced_requests,
    variances.requests - variances.priced_requests as unpriced_requests,
    variances.billing_lines,
    variances.usage_lines,
    variances.payer_account_id,
    variances.corrections_billed_from,
    variances.corrections_billed_to,
    nullif(concat_ws('; ',
      case
        when variances.at_account_level
          then 'some usage lines of this account name no model: reconciled per account with every model estimate'
      end,
      case
        when not variances.at_account_level and variances.sku_or_model is null and variances.billing_lines > 0
          then 'charges that name no model (taxes, credits, fees) are shown per account, not set against an estimate'
      end,
      case
        when not variances.at_account_level and variances.billing_name_requests > 0
          then 'a billing name: compared with the estimates of the model ids reconciliation.bedrock_billing_names maps to it'
      end,
      case
        when variances.corrections_billed_from = variances.corrections_billed_to
          then concat('includes corrections billed in ', variances.corrections_billed_from)
        when variances.corrections_billed_from is not null
          then concat(
            'includes corrections billed in ', variances.corrections_billed_from, ' to ',
            variances.corrections_billed_to
          )
      end,
      case
        when variances.timing <> 0 then 'includes charges billed in this period for usage of another month'
      end,
      case
        when variances.requests > variances.priced_requests
          then concat(
            cast(variances.requests - variances.priced_requests as varchar),
            ' requests have no price and are not in the estimate'
          )
      end
    ), '') as note,
    run.as_of
  from variances
  cross join run
)

select * from final
