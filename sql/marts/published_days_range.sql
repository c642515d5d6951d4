-- name: published_days_range
-- kind: query
-- description: The first and last published day and the latest as-of time of the runs that published them: the
--   report labels a week provisional while its last day is not published yet. Nulls when nothing is published.
-- grain: one row
-- depends_on: result_days
-- params: none
select
  min(day) as first_day,
  max(day) as last_day,
  max(as_of) as as_of
from result_days
