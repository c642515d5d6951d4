-- name: raw_usage_records
-- kind: ddl
-- description: The provider usage records land wrote to raw/usage_records/dt=YYYY-MM-DD/*.ndjson (ProviderUsageRecord, dt = the
--   UTC day of usage_start), copied into a local table with the columns and types of the Athena table of the
--   same name: timestamps as text for staging to cast, dt from the folder. A native table, not a view over
--   the files: DuckDB cannot bind a view over a folder that holds no file, and most lakes have no provider
--   usage logs. reconcile and doctor empty it (raw_usage_records__reset) and reload it (raw_usage_records__loaded).
-- grain: one row per landed copy of a provider usage record
-- depends_on: none
-- params: none
create table if not exists raw_usage_records (
  usage_start varchar,
  usage_end varchar,
  provider varchar,
  provider_account varchar,
  model_or_deployment varchar,
  request_id varchar,
  billing_category varchar,
  input_tokens bigint,
  cached_input_tokens bigint,
  cache_write_tokens bigint,
  output_tokens bigint,
  request_count bigint,
  source varchar,
  source_line_id varchar,
  source_key varchar,
  source_line bigint,
  source_received_at varchar,
  dt varchar
)
