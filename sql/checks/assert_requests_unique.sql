-- name: assert_requests_unique
-- kind: check
-- description: Request ids the curated requests hold more than once. Copies of one request are merged
--   within its UTC day; a later copy that moved the request to another day leaves two rows, listed here.
--   Zero rows pass.
-- grain: one request id
-- depends_on: requests
-- params: day_from, day_to
select
  request_id,
  count(*) as copies
from requests
where request_day between cast(? as date) and cast(? as date)
group by request_id
having count(*) > 1
