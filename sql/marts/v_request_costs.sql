-- name: v_request_costs
-- kind: view
-- description: Finance view (DESIGN §7): every deduplicated API request of the published days, priced per
--   §7.1 - tokens by type, cost (null when unpriced: its missing price types are named, never a zero cost),
--   the provider's currency, and the price per token of each price row it used, so every cost traces back
--   to its request, price rows and unit. Columns after `currency` are extras and may grow.
-- grain: one API request
-- depends_on: request_costs, result_days
-- params: none
create or replace view v_request_costs as
with

published as (
  select r.*
  from request_costs as r
  inner join result_days as d
    on d.day = r.request_day and d.run_id = r.run_id
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
  provider_account,
  team,
  cost_center,
  fallback_used,
  fallback_route,
  cost_estimate_amount,
  cost_estimate_currency,
  source_key,
  source_line
from published
