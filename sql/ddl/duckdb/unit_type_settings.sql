-- name: unit_type_settings
-- kind: ddl
-- description: The outcome classes and reopen window of config/settings.json, written by each compute run under its
--   run id with bound INSERTs: comma-separated outcome lists; the row with a null unit_type holds the
--   defaults for unit types the settings do not list.
-- grain: one row per run and configured unit type, plus one default row (unit_type null)
-- depends_on: none
-- params: none
create table if not exists unit_type_settings (
  run_id varchar,
  unit_type varchar,
  success_outcomes varchar,
  failure_outcomes varchar,
  pending_outcomes varchar,
  reopen_window_days bigint
)
