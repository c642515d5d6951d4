-- name: unit_first_requests
-- kind: ddl
-- description: The first request of every business unit ever seen (earliest timestamp, ties by request_id), kept
--   incrementally by int_unit_first_requests__merged: it fixes the unit's cohort day, tenant, environment and
--   workflow without rereading history.
-- grain: one row per application, unit type and unit id
-- depends_on: none
-- params: none
create table if not exists unit_first_requests (
  `application` string,
  `unit_type` string,
  `unit_id` string,
  `first_request_at` timestamp,
  `first_request_id` string,
  `tenant_id` string,
  `environment` string,
  `workflow` string
)
location '{{lake}}/warehouse/unit_first_requests/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
