-- name: raw_billing_lines__reset
-- kind: query
-- description: Empties the local copy of raw/billing_lines/ before it is loaded again whole: land adds and replaces
--   files, so the copy is rebuilt from what is there, never merged.
-- grain: none
-- depends_on: raw_billing_lines
-- params: none
delete from raw_billing_lines
