-- name: int_unit_type_settings__pruned
-- kind: query
-- description: Deletes the settings rows older runs stored, once a run has published.
-- grain: none
-- depends_on: unit_type_settings
-- params: run_id
delete from unit_type_settings
where run_id < ?
