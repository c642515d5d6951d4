-- name: raw_cost_events
-- kind: ddl
-- description: The cost events land wrote to raw/events/dt=YYYY-MM-DD/ (RawCostEvent NDJSON), read in place by the
--   OpenX JSON SerDe; dt is found by partition projection, so no partition is ever added or repaired.
-- grain: one row per landed copy of a cost event
-- depends_on: none
-- params: none
create external table if not exists raw_cost_events (
  `request_id` string,
  `timestamp_utc` string,
  `event_version` string,
  `environment` string,
  `application` string,
  `workflow` string,
  `tenant_id` string,
  `team` string,
  `cost_center` string,
  `provider` string,
  `provider_account` string,
  `model_or_deployment` string,
  `prompt_version` string,
  `billing_category` string,
  `input_tokens` bigint,
  `output_tokens` bigint,
  `total_tokens` bigint,
  `cached_input_tokens` bigint,
  `cache_write_tokens` bigint,
  `reasoning_tokens` bigint,
  `attempt_number` bigint,
  `retry_count` bigint,
  `fallback_used` boolean,
  `fallback_route` string,
  `status` string,
  `unit_type` string,
  `unit_id` string,
  `unit_outcome` string,
  `cost_estimate_amount` string,
  `cost_estimate_currency` string,
  `source_key` string,
  `source_line` bigint,
  `source_received_at` string
)
partitioned by (`dt` string)
row format serde 'org.openx.data.jsonserde.JsonSerDe'
location '{{lake}}/raw/events/'
tblproperties (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2020-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '{{lake}}/raw/events/dt=${dt}/'
)
