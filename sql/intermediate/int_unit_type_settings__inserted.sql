-- name: int_unit_type_settings__inserted
-- kind: query
-- description: Stores, under the run id, one unit type's outcome classes (comma-separated outcome lists) and
--   reopen window from config/settings.json; a null unit_type holds the defaults for types not listed.
-- grain: one row per run and unit type
-- depends_on: unit_type_settings
-- params: run_id, unit_type, success_outcomes, failure_outcomes, pending_outcomes, reopen_window_days
insert into unit_type_settings (
  run_id, unit_type, success_outcomes, failure_outcomes, pending_outcomes, reopen_window_days
)
values (?, ?, ?, ?, ?, cast(? as bigint))
