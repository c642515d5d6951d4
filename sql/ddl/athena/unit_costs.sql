-- name: unit_costs
-- kind: ddl
-- description: Results: every business unit whose cohort day falls in a compute run's window, with its cost and its
--   outcome as of the run's as-of time, written under the run id; visible through result_days.
-- grain: one row per run and business unit
-- depends_on: none
-- params: none
create table if not exists unit_costs (
  `run_id` string,
  `application` string,
  `unit_type` string,
  `unit_id` string,
  `tenant_id` string,
  `environment` string,
  `workflow` string,
  `cohort_day` date,
  `first_request_at` timestamp,
  `last_request_at` timestamp,
  `requests` bigint,
  `retries` bigint,
  `cost` decimal(38,24),
  `currency` string,
  `outcome` string,
  `outcome_at` timestamp,
  `outcome_class` string,
  `first_request_id` string,
  `unpriced_requests` bigint,
  `multiple_tenants` boolean,
  `multiple_currencies` boolean,
  `outcome_source` string
)
partitioned by (`cohort_day`)
location '{{lake}}/warehouse/unit_costs/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
