-- name: v_request_costs
-- kind: view
-- description: Finance view (DESIGN §7): every deduplicated API request priced per §7.1 - tokens by type,
--   cost (null when unpriced, its missing price types named: never a zero cost), the provider's currency
--   and the price per token of each price row it used, so every cost traces back to its request, price
--   rows and unit. Priced when read with the current verified price table, so it is not a published
--   snapshot: request detail always shows today's prices and every request merged so far. Costs are exact
--   and shown rounded half up to 12 decimals. Columns after `currency` are extras and may grow.
-- grain: one API request
-- depends_on: int_requests__priced
-- params: none
create or replace view v_request_costs as
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
  cast(cost as decimal(38, 12)) as cost,
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
from int_requests__priced
