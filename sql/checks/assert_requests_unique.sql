-- name: assert_requests_unique
-- kind: check
-- description: Request ids the curated requests hold more than once. Copies of one request are merged
--   within its UTC day, so a later copy that moved a request to another day leaves two rows. Checks the
--   ids of days merged_from..merged_to (the days a run merged) against days day_from..day_to, so its cost
--   follows the new data. Zero rows pass.
-- grain: one request id
-- depends_on: requests
-- params: merged_from, merged_to, day_from, day_to
with

merged_ids as (
  select request_id
  from requests
  where request_day between cast(? as date) and cast(? as date)
)

select
  request_id,
  count(*) as copies
from requests
where request_day between cast(? as date) and cast(? as date)
  and request_id in (select request_id from merged_ids)
group by request_id
having count(*) > 1
