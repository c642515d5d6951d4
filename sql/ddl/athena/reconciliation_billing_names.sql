-- name: reconciliation_billing_names
-- kind: ddl
-- description: The Bedrock billing names a reconcile run met with model ids, from config/settings.json
--   (reconciliation.bedrock_billing_names): one row per billing name and model id. Stored under the run id so
--   every row reconciled by billing name can be traced to the mapping behind it.
-- grain: one row per run, provider, billing name and model id
-- depends_on: none
-- params: none
create table if not exists reconciliation_billing_names (
  `run_id` string,
  `provider` string,
  `billing_name` string,
  `model_id` string
)
location '{{lake}}/warehouse/reconciliation_billing_names/'
tblproperties (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
