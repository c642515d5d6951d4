-- name: result_days
-- kind: ddl
-- description: Which compute run's results are visible for each day. A run writes its rows under its own run id,
--   then switches its window's days here in one statement (int_result_days__switched): readers never see a
--   half-written window, and a failed run leaves the previous results in place.
-- grain: one row per day that some compute run has published
-- depends_on: none
-- params: none
create table if not exists result_days (
  `day` date,
  `run_id` string,
  `as_of` timestamp
)
location '{{lake}}/warehouse/result_days/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
