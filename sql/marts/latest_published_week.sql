-- name: latest_published_week
-- kind: query
-- description: The ISO week of the latest published day (YYYY-Www), null when nothing is published yet: the
--   dashboard's default week.
-- grain: one row
-- depends_on: result_days
-- params: none
select
  cast(year_of_week(max(day)) as varchar) || '-W' || lpad(cast(week(max(day)) as varchar), 2, '0') as week
from result_days
