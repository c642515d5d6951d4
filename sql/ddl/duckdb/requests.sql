-- name: requests
-- kind: ddl
-- description: The curated, deduplicated cost events: one row per request, typed, merged incrementally from raw/ by
--   int_requests__merged. Columnar (DuckDB table; Iceberg on Athena), partitioned by request_day.
-- grain: one row per request_id (per UTC day, see int_requests__merged)
-- depends_on: none
-- params: none
create table if not exists requests (
  request_id varchar,
  timestamp_utc timestamp,
  request_day date,
  event_version varchar,
  environment varchar,
  application varchar,
  workflow varchar,
  tenant_id varchar,
  team varchar,
  cost_center varchar,
  provider varchar,
  provider_account varchar,
  model_or_deployment varchar,
  prompt_version varchar,
  billing_category varchar,
  input_tokens bigint,
  output_tokens bigint,
  total_tokens bigint,
  cached_input_tokens bigint,
  cache_write_tokens bigint,
  reasoning_tokens bigint,
  attempt_number bigint,
  retry_count bigint,
  fallback_used boolean,
  fallback_route varchar,
  status varchar,
  unit_type varchar,
  unit_id varchar,
  unit_outcome varchar,
  cost_estimate_amount varchar,
  cost_estimate_currency varchar,
  source_key varchar,
  source_line bigint,
  source_received_at timestamp
)
