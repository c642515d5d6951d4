-- name: int_reconciliation__pruned
-- kind: query
-- description: Deletes the reconciliation rows of billing periods period_from..period_to (YYYY-MM) that older runs
--   wrote, once a run has published (rows of runs newer than the one passed, still being written by a
--   concurrent run, are left alone). Readers never saw these rows after the switch.
-- grain: none
-- depends_on: reconciliation
-- params: period_from, period_to, run_id
delete from reconciliation
where billing_period between ? and ?
  and run_id < ?
