-- name: raw_usage_records
-- kind: ddl
-- description: The provider usage records land wrote to raw/usage_records/dt=YYYY-MM-DD/ (ProviderUsageRecord
--   NDJSON, dt = the UTC day of usage_start), read in place by the OpenX JSON SerDe: timestamps stay text for
--   staging to cast; dt is found by partition projection, so no partition is ever added or repaired.
-- grain: one row per landed copy of a provider usage record
-- depends_on: none
-- params: none
create external table if not exists raw_usage_records (
  `usage_start` string,
  `usage_end` string,
  `provider` string,
  `provider_account` string,
  `model_or_deployment` string,
  `request_id` string,
  `billing_category` string,
  `input_tokens` bigint,
  `cached_input_tokens` bigint,
  `cache_write_tokens` bigint,
  `output_tokens` bigint,
  `request_count` bigint,
  `source` string,
  `source_line_id` string,
  `source_key` string,
  `source_line` bigint,
  `source_received_at` string
)
partitioned by (`dt` string)
row format serde 'org.openx.data.jsonserde.JsonSerDe'
location '{{lake}}/raw/usage_records/'
tblproperties (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2020-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '{{lake}}/raw/usage_records/dt=${dt}/'
)
