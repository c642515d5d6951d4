-- name: int_reconciliation_run__latest_published
-- kind: query
-- description: The newest run id reconciliation_periods publishes (null before the first run): a new run's id must
--   sort after it to be able to publish.
-- grain: one row
-- depends_on: reconciliation_periods
-- params: none
select max(run_id) as run_id from reconciliation_periods
