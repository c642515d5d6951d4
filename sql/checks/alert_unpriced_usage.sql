-- name: alert_unpriced_usage
-- kind: check
-- description: Alert rule unpriced_usage (DESIGN §6, §10): the provider x model x billing category keys with
--   requests in day_from..day_to (every environment) that no price row covered, so they are counted but carry
--   no cost. unpriced_share = unpriced / all requests of the key (a double); unpriced_requests is the volume
--   compared with min_volume; missing_price_token_types shows one example of the token types that lacked a
--   row. One row = one alert candidate. Zero rows pass.
-- grain: provider x model_or_deployment x billing_category
-- depends_on: v_request_costs
-- params: day_from, day_to, threshold, min_volume
with

requests as (
  select
    provider,
    model_or_deployment,
    billing_category,
    application,
    request_day,
    priced,
    input_tokens,
    output_tokens,
    missing_price_token_types
  from v_request_costs
  where request_day between cast(? as date) and cast(? as date)
),

by_price_key as (
  select
    provider,
    model_or_deployment,
    billing_category,
    cast(count(*) as bigint) as requests,
    cast(sum(case when priced then 0 else 1 end) as bigint) as unpriced_requests,
    cast(sum(case when priced then 0 else input_tokens end) as bigint) as unpriced_input_tokens,
    cast(sum(case when priced then 0 else output_tokens end) as bigint) as unpriced_output_tokens,
    max(case when priced then null else missing_price_token_types end) as missing_price_token_types,
    min(case when priced then null else request_day end) as first_unpriced_day,
    max(case when priced then null else request_day end) as last_unpriced_day,
    cast(count(distinct case when priced then null else application end) as bigint) as applications
  from requests
  group by provider, model_or_deployment, billing_category
),

final as (
  select
    provider,
    model_or_deployment,
    billing_category,
    cast(unpriced_requests as double) / cast(requests as double) as unpriced_share,
    unpriced_requests,
    requests,
    unpriced_input_tokens,
    unpriced_output_tokens,
    missing_price_token_types,
    cast(first_unpriced_day as varchar) as first_unpriced_day,
    cast(last_unpriced_day as varchar) as last_unpriced_day,
    applications
  from by_price_key
)

select * from final
where unpriced_share > ?
  and unpriced_requests >= ?
order by provider, model_or_deployment, billing_category
