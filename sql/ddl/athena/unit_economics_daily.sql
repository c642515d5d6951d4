-- name: unit_economics_daily
-- kind: ddl
-- description: Results: the additive figures of each day of a compute run's window (sums and counts); the views
--   derive the ratios. Written under the run id; visible through result_days.
-- grain: one row per run, day, environment, application, workflow and currency
-- depends_on: none
-- params: none
create table if not exists unit_economics_daily (
  `run_id` string,
  `day` date,
  `environment` string,
  `application` string,
  `workflow` string,
  `currency` string,
  `total_cost` decimal(38,24),
  `allocated_cost` decimal(38,24),
  `unallocated_cost` decimal(38,24),
  `attempted_units` bigint,
  `successful_units` bigint,
  `failed_units` bigint,
  `pending_units` bigint,
  `unknown_units` bigint,
  `failed_unit_cost` decimal(38,24),
  `unpriced_requests` bigint,
  `unpriced_input_tokens` bigint,
  `unpriced_output_tokens` bigint
)
partitioned by (`day`)
location '{{lake}}/warehouse/unit_economics_daily/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
