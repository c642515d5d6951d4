-- name: int_result_days__switched
-- kind: query
-- description: Publishes a compute run: every day of window_from..window_to now shows the rows written under
--   run_id, in one atomic statement (one Iceberg commit on Athena, one transaction on DuckDB), so readers
--   see either the previous window or the whole new one. A run never replaces a newer run's day (run ids
--   sort by start time), so concurrent runs cannot bring back older figures.
-- grain: one row per day
-- depends_on: result_days
-- params: window_from, window_to, run_id, as_of
merge into result_days as target
using (
  with

  window_days as (
    select cast(day_value as date) as day
    from unnest(sequence(cast(? as date), cast(? as date))) as days (day_value)
  )

  select
    window_days.day,
    cast(? as varchar) as run_id,
    cast(from_iso8601_timestamp(?) as timestamp) as as_of
  from window_days
) as published
on target.day = published.day
when matched and published.run_id > target.run_id then update set
  run_id = published.run_id,
  as_of = published.as_of
when not matched then insert (day, run_id, as_of) values (published.day, published.run_id, published.as_of)
