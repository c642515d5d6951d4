-- name: int_reconciliation_thresholds__pruned
-- kind: query
-- description: Deletes the thresholds older runs stored, once a run has published: every visible row carries the
--   threshold it was judged with, so only the newest run's settings are kept here.
-- grain: none
-- depends_on: reconciliation_thresholds
-- params: run_id
delete from reconciliation_thresholds
where run_id < ?
