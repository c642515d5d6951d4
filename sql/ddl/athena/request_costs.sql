-- name: request_costs
-- kind: ddl
-- description: Results: every request of a compute run's range priced per DESIGN §7.1, written under the run id.
--   Readers see a day's rows only through result_days (the views do that).
-- grain: one row per run and request
-- depends_on: none
-- params: none
create table if not exists request_costs (
  `run_id` string,
  `request_id` string,
  `timestamp_utc` timestamp,
  `request_day` date,
  `environment` string,
  `application` string,
  `workflow` string,
  `tenant_id` string,
  `provider` string,
  `model_or_deployment` string,
  `billing_category` string,
  `prompt_version` string,
  `attempt_number` bigint,
  `status` string,
  `unit_type` string,
  `unit_id` string,
  `input_tokens` bigint,
  `cached_input_tokens` bigint,
  `cache_write_tokens` bigint,
  `output_tokens` bigint,
  `reasoning_tokens` bigint,
  `priced` boolean,
  `cost` decimal(38,12),
  `currency` string,
  `uncached_input_tokens` bigint,
  `missing_price_token_types` string,
  `input_price_per_token` decimal(38,24),
  `cached_input_price_per_token` decimal(38,24),
  `cache_write_price_per_token` decimal(38,24),
  `output_price_per_token` decimal(38,24),
  `reasoning_price_per_token` decimal(38,24),
  `request_fee` decimal(38,24),
  `unit_outcome` string,
  `provider_account` string,
  `team` string,
  `cost_center` string,
  `fallback_used` boolean,
  `fallback_route` string,
  `cost_estimate_amount` string,
  `cost_estimate_currency` string,
  `source_key` string,
  `source_line` bigint
)
partitioned by (`request_day`)
location '{{lake}}/warehouse/request_costs/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
