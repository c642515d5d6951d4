-- name: assert_requests_unique
-- kind: check
-- description: Request ids the curated requests hold more than once. Copies of one request are merged
--   within its UTC day, so a later copy that moved a request to another day leaves two rows. Checks the
--   ids with a copy in days merged_from..merged_to (the days a run merged) against days day_from..day_to,
--   which contain them, so its cost follows the new data. One grouping, no semi-join: a first run of 10M
--   requests checks its ids in one pass. Zero rows pass.
-- grain: one request id
-- depends_on: requests
-- params: day_from, day_to, merged_from, merged_to
select
  request_id,
  count(*) as copies
from requests
where request_day between cast(? as date) and cast(? as date)
group by request_id
having count(*) > 1
  and count(case when request_day between cast(? as date) and cast(? as date) then 1 end) > 0
