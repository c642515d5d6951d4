-- name: int_run__row_counts
-- kind: query
-- description: How many rows a compute run wrote to each results table, for its run record (each count is
--   pruned to the run's days).
-- grain: one row
-- depends_on: request_costs, unit_costs, unit_economics_daily
-- params: request_run_id, day_from, day_to, unit_run_id, cohort_from, cohort_to, daily_run_id, window_from,
--   window_to
select
  (
    select count(*) from request_costs
    where run_id = ? and request_day between cast(? as date) and cast(? as date)
  ) as request_costs,
  (
    select count(*) from unit_costs
    where run_id = ? and cohort_day between cast(? as date) and cast(? as date)
  ) as unit_costs,
  (
    select count(*) from unit_economics_daily
    where run_id = ? and day between cast(? as date) and cast(? as date)
  ) as unit_economics_daily
