-- name: raw_cur_legacy__reset
-- kind: query
-- description: Empties the local copy of the legacy CUR before reconcile reloads it: CUR rewrites a month in
--   place on every delivery, so the copy is always replaced whole, never merged.
-- grain: none
-- depends_on: raw_cur_legacy
-- params: none
delete from raw_cur_legacy
