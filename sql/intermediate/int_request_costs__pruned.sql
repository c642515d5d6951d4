-- name: int_request_costs__pruned
-- kind: query
-- description: Deletes the request_costs rows of days day_from..day_to that older runs wrote and that result_days no
--   longer shows, once a run has published (rows of runs newer than the one passed, still being written
--   by a concurrent run, are left alone). Readers never saw these rows after the switch.
-- grain: none
-- depends_on: request_costs, result_days
-- params: day_from, day_to, run_id
delete from request_costs
where request_day between cast(? as date) and cast(? as date)
  and run_id < ?
