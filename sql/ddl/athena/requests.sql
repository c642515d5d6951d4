-- name: requests
-- kind: ddl
-- description: The curated, deduplicated cost events: one row per request, typed, merged incrementally from raw/ by
--   int_requests__merged. Columnar (DuckDB table; Iceberg on Athena), partitioned by request_day.
-- grain: one row per request_id (per UTC day, see int_requests__merged)
-- depends_on: none
-- params: none
create table if not exists requests (
  `request_id` string,
  `timestamp_utc` timestamp,
  `request_day` date,
  `event_version` string,
  `environment` string,
  `application` string,
  `workflow` string,
  `tenant_id` string,
  `team` string,
  `cost_center` string,
  `provider` string,
  `provider_account` string,
  `model_or_deployment` string,
  `prompt_version` string,
  `billing_category` string,
  `input_tokens` bigint,
  `output_tokens` bigint,
  `total_tokens` bigint,
  `cached_input_tokens` bigint,
  `cache_write_tokens` bigint,
  `reasoning_tokens` bigint,
  `attempt_number` bigint,
  `retry_count` bigint,
  `fallback_used` boolean,
  `fallback_route` string,
  `status` string,
  `unit_type` string,
  `unit_id` string,
  `unit_outcome` string,
  `cost_estimate_amount` string,
  `cost_estimate_currency` string,
  `source_key` string,
  `source_line` bigint,
  `source_received_at` timestamp
)
partitioned by (`request_day`)
location '{{lake}}/warehouse/requests/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
