-- name: request_costs
-- kind: ddl
-- description: Results: every request of a compute run's range priced per DESIGN §7.1, written under the run id.
--   Readers see a day's rows only through result_days (the views do that).
-- grain: one row per run and request
-- depends_on: none
-- params: none
create table if not exists request_costs (
  run_id varchar,
  request_id varchar,
  timestamp_utc timestamp,
  request_day date,
  environment varchar,
  application varchar,
  workflow varchar,
  tenant_id varchar,
  provider varchar,
  model_or_deployment varchar,
  billing_category varchar,
  prompt_version varchar,
  attempt_number bigint,
  status varchar,
  unit_type varchar,
  unit_id varchar,
  input_tokens bigint,
  cached_input_tokens bigint,
  cache_write_tokens bigint,
  output_tokens bigint,
  reasoning_tokens bigint,
  priced boolean,
  cost decimal(38, 12),
  currency varchar,
  uncached_input_tokens bigint,
  missing_price_token_types varchar,
  input_price_per_token decimal(38, 24),
  cached_input_price_per_token decimal(38, 24),
  cache_write_price_per_token decimal(38, 24),
  output_price_per_token decimal(38, 24),
  reasoning_price_per_token decimal(38, 24),
  request_fee decimal(38, 24),
  unit_outcome varchar,
  provider_account varchar,
  team varchar,
  cost_center varchar,
  fallback_used boolean,
  fallback_route varchar,
  cost_estimate_amount varchar,
  cost_estimate_currency varchar,
  source_key varchar,
  source_line bigint
)
