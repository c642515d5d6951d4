-- name: raw_outcomes
-- kind: ddl
-- description: The outcome events land wrote to raw/outcomes/dt=YYYY-MM-DD/ (RawOutcome NDJSON), read in place by
--   the OpenX JSON SerDe; dt is found by partition projection.
-- grain: one row per landed copy of an outcome event
-- depends_on: none
-- params: none
create external table if not exists raw_outcomes (
  `unit_type` string,
  `unit_id` string,
  `application` string,
  `workflow` string,
  `tenant_id` string,
  `outcome` string,
  `outcome_at` string,
  `is_final` boolean,
  `value_amount` string,
  `value_currency` string,
  `event_version` string,
  `source_key` string,
  `source_line` bigint,
  `source_received_at` string
)
partitioned by (`dt` string)
row format serde 'org.openx.data.jsonserde.JsonSerDe'
location '{{lake}}/raw/outcomes/'
tblproperties (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2020-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '{{lake}}/raw/outcomes/dt=${dt}/'
)
