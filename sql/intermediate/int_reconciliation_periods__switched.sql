-- name: int_reconciliation_periods__switched
-- kind: query
-- description: Publishes a reconcile run: every billing period (month) of the days day_from..day_to now shows the
--   rows written under run_id, in one atomic statement (one Iceberg commit on Athena, one transaction on
--   DuckDB), so readers see either the previous results of a period or the whole new ones - a period whose
--   new run found nothing shows nothing. A run never replaces a newer run's period (run ids sort by start
--   time), so concurrent runs cannot bring back older figures.
-- grain: one row per billing period
-- depends_on: reconciliation_periods
-- params: run_id, as_of, day_from, day_to
merge into reconciliation_periods as target
using (
  with

  run as (
    select
      cast(? as varchar) as run_id,
      cast(from_iso8601_timestamp(?) as timestamp) as as_of
  ),

  period_days as (
    select cast(day_value as date) as day
    from unnest(sequence(cast(? as date), cast(? as date))) as days (day_value)
  ),

  periods as (
    select distinct substr(cast(day as varchar), 1, 7) as billing_period
    from period_days
  )

  select
    periods.billing_period,
    run.run_id,
    run.as_of
  from periods
  cross join run
) as published
on target.billing_period = published.billing_period
when matched and published.run_id > target.run_id then update set
  run_id = published.run_id,
  as_of = published.as_of
when not matched then insert (billing_period, run_id, as_of)
  values (published.billing_period, published.run_id, published.as_of)
