-- name: reconciliation_periods
-- kind: ddl
-- description: Which reconcile run's rows are visible for each billing period. A run writes its rows under its own
--   run id, then switches its periods here in one statement (int_reconciliation_periods__switched): readers
--   never see a half-written period, and a failed run leaves the previous results in place.
-- grain: one row per billing period some reconcile run has published
-- depends_on: none
-- params: none
create table if not exists reconciliation_periods (
  `billing_period` string,
  `run_id` string,
  `as_of` timestamp
)
location '{{lake}}/warehouse/reconciliation_periods/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
