-- name: outcomes
-- kind: ddl
-- description: The curated outcome events, merged incrementally from raw/ by int_outcomes__merged: for one unit at
--   one instant the copy landed last wins. Partitioned by outcome_day.
-- grain: one row per application, unit type, unit id and outcome_at
-- depends_on: none
-- params: none
create table if not exists outcomes (
  `application` string,
  `unit_type` string,
  `unit_id` string,
  `outcome_at` timestamp,
  `outcome_day` date,
  `workflow` string,
  `tenant_id` string,
  `outcome` string,
  `is_final` boolean,
  `value_amount` string,
  `value_currency` string,
  `event_version` string,
  `source_key` string,
  `source_line` bigint,
  `source_received_at` timestamp
)
partitioned by (`outcome_day`)
location '{{lake}}/warehouse/outcomes/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
