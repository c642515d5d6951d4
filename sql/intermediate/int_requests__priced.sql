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

-- One relation per token type, an open end as a far-future instant: every join is then on equal keys
-- plus a range, which both engines run as a hash join.
input_prices as (
  select
    provider,
    model_or_deployment,
    billing_category,
    effective_from,
    coalesce(effective_to, timestamp '9999-12-31 00:00:00') as effective_to,
    price_per_token
  from prices
  where token_type = 'input'
),

cached_input_prices as (
  select
    provider,
    model_or_deployment,
    billing_category,
    effective_from,
    coalesce(effective_to, timestamp '9999-12-31 00:00:00') as effective_to,
    price_per_token
  from prices
  where token_type = 'cached_input'
),

cache_write_prices as (
  select
    provider,
    model_or_deployment,
    billing_category,
    effective_from,
    coalesce(effective_to, timestamp '9999-12-31 00:00:00') as effective_to,
    price_per_token
  from prices
  where token_type = 'cache_write'
),

output_prices as (
  select
    provider,
    model_or_deployment,
    billing_category,
    effective_from,
    coalesce(effective_to, timestamp '9999-12-31 00:00:00') as effective_to,
    price_per_token
  from prices
  where token_type = 'output'
),

reasoning_prices as (
  select
    provider,
    model_or_deployment,
    billing_category,
    effective_from,
    coalesce(effective_to, timestamp '9999-12-31 00:00:00') as effective_to,
    price_per_token
  from prices
  where token_type = 'reasoning'
),

request_prices as (
  select
    provider,
    model_or_deployment,
    billing_category,
    effective_from,
    coalesce(effective_to, timestamp '9999-12-31 00:00:00') as effective_to,
    price_per_token
  from prices
  where token_type = 'request'
),

with_prices as (
  select
    r.*,
    r.input_tokens - r.cached_input_tokens - r.cache_write_tokens as uncached_input_tokens,
    input_price.price_per_token as input_price_per_token,
    cached_input_price.price_per_token as cached_input_price_per_token,
    cache_write_price.price_per_token as cache_write_price_per_token,
    output_price.price_per_token as output_price_per_token,
    reasoning_price.price_per_token as reasoning_price_per_token,
    request_price.price_per_token as request_fee,
    provider_currencies.currency
  from requests as r
  left join input_prices as input_price
    on input_price.provider = r.provider
    and input_price.model_or_deployment = r.model_or_deployment
    and input_price.billing_category = r.billing_category
    and input_price.effective_from <= r.timestamp_utc
    and r.timestamp_utc < input_price.effective_to
  left join cached_input_prices as cached_input_price
    on cached_input_price.provider = r.provider
    and cached_input_price.model_or_deployment = r.model_or_deployment
    and cached_input_price.billing_category = r.billing_category
    and cached_input_price.effective_from <= r.timestamp_utc
    and r.timestamp_utc < cached_input_price.effective_to
  left join cache_write_prices as cache_write_price
    on cache_write_price.provider = r.provider
    and cache_write_price.model_or_deployment = r.model_or_deployment
    and cache_write_price.billing_category = r.billing_category
    and cache_write_price.effective_from <= r.timestamp_utc
    and r.timestamp_utc < cache_write_price.effective_to
  left join output_prices as output_price
    on output_price.provider = r.provider
    and output_price.model_or_deployment = r.model_or_deployment
    and output_price.billing_category = r.billing_category
    and output_price.effective_from <= r.timestamp_utc
    and r.timestamp_utc < output_price.effective_to
  left join reasoning_prices as reasoning_price
    on reasoning_price.provider = r.provider
    and reasoning_price.model_or_deployment = r.model_or_deployment
    and reasoning_price.billing_category = r.billing_category
    and reasoning_price.effective_from <= r.timestamp_utc
    and r.timestamp_utc < reasoning_price.effective_to
  left join request_prices as request_price
    on request_price.provider = r.provider
    and request_price.model_or_deployment = r.model_or_deployment
    and request_price.billing_category = r.billing_category
    and request_price.effective_from <= r.timestamp_utc
    and r.timestamp_utc < request_price.effective_to
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

checked as (
  select
    billed_quantities.*,
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
    missing_price_token_types is null as priced,
    case when missing_price_token_types is null then cast(
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
