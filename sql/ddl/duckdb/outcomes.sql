-- name: outcomes
-- kind: ddl
-- description: The curated outcome events, merged incrementally from raw/ by int_outcomes__merged: for one unit at
--   one instant the copy landed last wins. Partitioned by outcome_day.
-- grain: one row per application, unit type, unit id and outcome_at
-- depends_on: none
-- params: none
create table if not exists outcomes (
  application varchar,
  unit_type varchar,
  unit_id varchar,
  outcome_at timestamp,
  outcome_day date,
  workflow varchar,
  tenant_id varchar,
  outcome varchar,
  is_final boolean,
  value_amount varchar,
  value_currency varchar,
  event_version varchar,
  source_key varchar,
  source_line bigint,
  source_received_at timestamp
)
