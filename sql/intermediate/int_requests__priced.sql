-- name: int_requests__priced
-- kind: view
-- description: Every curated request priced per DESIGN §7.1 and §7.2, computed when read: callers filter on
--   request_day, the curated partition, and the filter reaches the scan. For each token type the price row
--   of the request's provider, model, billing category and type whose [effective_from, effective_to) holds the request's
--   instant: uncached input = input - cached - cache write; reasoning tokens at the reasoning row when one
--   exists, else inside output; a request row adds its fee once. A type needs a row only when the request has
--   tokens of it; with any needed row missing the request is unpriced: cost null, never zero, and the missing
--   types are named. Costs are exact: tokens x price per token at 24 decimals, summed without rounding (the
--   views show them rounded half up to 12 decimals). Currency is the provider's (one per provider).
-- grain: one row per request
-- depends_on: requests, prices
-- params: none
create or replace view int_requests__priced as
with

provider_currencies as (
  select provider, min(currency) as currency
  from prices
  group by provider
),

-- The price book cut into periods: a provider, model and billing category's instants at which any of its
-- prices starts or ends, each up to the next (an open end as a far-future instant). In a period every
-- token type has one price or none (the price book check rejects overlapping ranges), so one join finds
-- all of a request's prices. At 10M requests the grouping by unit read them in 3.0-3.8 s this way against
-- 4.2-4.4 s with a join per token type.
price_changes as (
  select provider, model_or_deployment, billing_category, effective_from as changed_at
  from prices
  union
  select provider, model_or_deployment, billing_category, effective_to as changed_at
  from prices
  where effective_to is not null
),

price_periods as (
  select
    provider,
    model_or_deployment,
    billing_category,
    changed_at as period_from,
    coalesce(
      lead(changed_at) over (partition by provider, model_or_deployment, billing_category order by changed_at),
      timestamp '9999-12-31 00:00:00'
    ) as period_to
  from price_changes
),

period_prices as (
  select
    price_period.provider,
    price_period.model_or_deployment,
    price_period.billing_category,
    price_period.period_from,
    price_period.period_to,
    max(case when price_row.token_type = 'input' then price_row.price_per_token end) as input_price_per_token,
    max(case when price_row.token_type = 'cached_input' then price_row.price_per_token end) as cached_input_price_per_token,
    max(case when price_row.token_type = 'cache_write' then price_row.price_per_token end) as cache_write_price_per_token,
    max(case when price_row.token_type = 'output' then price_row.price_per_token end) as output_price_per_token,
    max(case when price_row.token_type = 'reasoning' then price_row.price_per_token end) as reasoning_price_per_token,
    max(case when price_row.token_type = 'request' then price_row.price_per_token end) as request_fee
  from price_periods as price_period
  inner join prices as price_row
    on price_row.provider = price_period.provider
    and price_row.model_or_deployment = price_period.model_or_deployment
    and price_row.billing_category = price_period.billing_category
    and price_row.effective_from <= price_period.period_from
    and price_period.period_from < coalesce(price_row.effective_to, timestamp '9999-12-31 00:00:00')
  group by
    price_period.provider,
    price_period.model_or_deployment,
    price_period.billing_category,
    price_period.period_from,
    price_period.period_to
),

with_prices as (
  select
    r.*,
    r.input_tokens - r.cached_input_tokens - r.cache_write_tokens as uncached_input_tokens,
    period_prices.input_price_per_token,
    period_prices.cached_input_price_per_token,
    period_prices.cache_write_price_per_token,
    period_prices.output_price_per_token,
    period_prices.reasoning_price_per_token,
    period_prices.request_fee,
    provider_currencies.currency
  from requests as r
  left join period_prices
    on period_prices.provider = r.provider
    and period_prices.model_or_deployment = r.model_or_deployment
    and period_prices.billing_category = r.billing_category
    and period_prices.period_from <= r.timestamp_utc
    and r.timestamp_utc < period_prices.period_to
  left join provider_currencies
    on provider_currencies.provider = r.provider
),

billed_quantities as (
  select
    with_prices.*,
    case
      when reasoning_price_per_token is null then output_tokens
      else output_tokens - reasoning_tokens
    end as output_tokens_at_output_price,
    case
      when reasoning_price_per_token is null then 0
      else reasoning_tokens
    end as reasoning_tokens_at_reasoning_price
  from with_prices
),

-- A type lacks its price when the request has tokens of it and no row prices them. priced is tested as
-- a boolean and the missing types are named apart: the costing of units and days reads priced alone and
-- builds no text for it (at 10M requests int_unit_economics__daily took 0.9 s instead of 1.2 s).
checked as (
  select
    billed_quantities.*,
    not coalesce(
      (uncached_input_tokens > 0 and input_price_per_token is null)
      or (cached_input_tokens > 0 and cached_input_price_per_token is null)
      or (cache_write_tokens > 0 and cache_write_price_per_token is null)
      or (output_tokens_at_output_price > 0 and output_price_per_token is null)
      or (reasoning_tokens_at_reasoning_price > 0 and reasoning_price_per_token is null),
      false
    ) as priced,
    nullif(concat_ws(',',
      case when uncached_input_tokens > 0 and input_price_per_token is null then 'input' end,
      case when cached_input_tokens > 0 and cached_input_price_per_token is null then 'cached_input' end,
      case when cache_write_tokens > 0 and cache_write_price_per_token is null then 'cache_write' end,
      case when output_tokens_at_output_price > 0 and output_price_per_token is null then 'output' end,
      case when reasoning_tokens_at_reasoning_price > 0 and reasoning_price_per_token is null then 'reasoning' end
    ), '') as missing_price_token_types
  from billed_quantities
),

costed as (
  select
    checked.*,
    case when priced then cast(
      coalesce(cast(uncached_input_tokens as decimal(38, 0)) * input_price_per_token, 0)
      + coalesce(cast(cached_input_tokens as decimal(38, 0)) * cached_input_price_per_token, 0)
      + coalesce(cast(cache_write_tokens as decimal(38, 0)) * cache_write_price_per_token, 0)
      + coalesce(cast(output_tokens_at_output_price as decimal(38, 0)) * output_price_per_token, 0)
      + coalesce(cast(reasoning_tokens_at_reasoning_price as decimal(38, 0)) * reasoning_price_per_token, 0)
      + coalesce(request_fee, 0)
      as decimal(38, 24)) end as cost
  from checked
)

select
  request_id,
  timestamp_utc,
  request_day,
  environment,
  application,
  workflow,
  tenant_id,
  provider,
  model_or_deployment,
  billing_category,
  prompt_version,
  attempt_number,
  status,
  unit_type,
  unit_id,
  input_tokens,
  cached_input_tokens,
  cache_write_tokens,
  output_tokens,
  reasoning_tokens,
  priced,
  cost,
  currency,
  uncached_input_tokens,
  missing_price_token_types,
  input_price_per_token,
  cached_input_price_per_token,
  cache_write_price_per_token,
  output_price_per_token,
  reasoning_price_per_token,
  request_fee,
  unit_outcome,
  provider_account,
  team,
  cost_center,
  fallback_used,
  fallback_route,
  cost_estimate_amount,
  cost_estimate_currency,
  source_key,
  source_line
from costed
