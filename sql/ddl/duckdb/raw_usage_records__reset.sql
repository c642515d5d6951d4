-- name: raw_usage_records__reset
-- kind: query
-- description: Empties the local copy of raw/usage_records/ before it is loaded again whole: land adds and replaces
--   files, so the copy is rebuilt from what is there, never merged.
-- grain: none
-- depends_on: raw_usage_records
-- params: none
delete from raw_usage_records
