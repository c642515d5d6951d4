-- name: reconciliation_thresholds
-- kind: ddl
-- description: The variance thresholds a reconcile run judged with, from config/settings.json (reconciliation):
--   one row per provider with an override, and provider '*' for the default. Stored under the run id so every
--   status can be traced to the threshold behind it.
-- grain: one row per run and provider ('*' = every other provider)
-- depends_on: none
-- params: none
create table if not exists reconciliation_thresholds (
  `run_id` string,
  `provider` string,
  `threshold` double
)
location '{{lake}}/warehouse/reconciliation_thresholds/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
