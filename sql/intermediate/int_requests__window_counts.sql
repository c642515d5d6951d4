-- name: int_requests__window_counts
-- kind: query
-- description: How many curated requests days day_from..day_to hold, in all and in environment environment, and
--   how many providers they name: doctor's first look (nothing merged yet means nothing to check).
-- grain: one row
-- depends_on: requests
-- params: environment, day_from, day_to
select
  count(*) as requests,
  count(case when environment = ? then 1 end) as environment_requests,
  count(distinct provider) as providers
from requests
where request_day between cast(? as date) and cast(? as date)
