-- name: int_unit_costs__pruned
-- kind: query
-- description: Deletes the unit_costs rows of days day_from..day_to that older runs wrote and that result_days no
--   longer shows, once a run has published (rows of runs newer than the one passed, still being written
--   by a concurrent run, are left alone). Readers never saw these rows after the switch.
-- grain: none
-- depends_on: unit_costs, result_days
-- params: day_from, day_to, run_id
delete from unit_costs
where cohort_day between cast(? as date) and cast(? as date)
  and run_id < ?
