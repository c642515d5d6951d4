-- name: int_run__latest_published
-- kind: query
-- description: The newest run id result_days publishes (null before the first run): a new run's id must sort
--   after it to be able to publish.
-- grain: one row
-- depends_on: result_days
-- params: none
select max(run_id) as run_id from result_days
