-- name: int_run__row_counts
-- kind: query
-- description: What a compute run covered, for its run record: the requests of its window up to as_of, and
--   the rows it wrote to each results table (each count pruned to the run's days).
-- grain: one row
-- depends_on: requests, unit_costs, unit_economics_daily
-- params: day_from, day_to, as_of, unit_run_id, cohort_from, cohort_to, daily_run_id, window_from, window_to
select
  (
    select count(*) from requests
    where request_day between cast(? as date) and cast(? as date)
      and timestamp_utc <= cast(from_iso8601_timestamp(?) as timestamp)
  ) as requests,
  (
    select count(*) from unit_costs
    where run_id = ? and cohort_day between cast(? as date) and cast(? as date)
  ) as unit_costs,
  (
    select count(*) from unit_economics_daily
    where run_id = ? and day between cast(? as date) and cast(? as date)
  ) as unit_economics_daily
