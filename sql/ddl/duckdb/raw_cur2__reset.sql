-- name: raw_cur2__reset
-- kind: query
-- description: Empties the local copy of CUR 2.0 before reconcile reloads it: Data Exports rewrites a month in
--   place on every delivery, so the copy is always replaced whole, never merged.
-- grain: none
-- depends_on: raw_cur2
-- params: none
delete from raw_cur2
