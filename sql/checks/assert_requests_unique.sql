-- name: assert_requests_unique
-- kind: check
-- description: Request ids published more than once. Copies of one request are merged within its UTC day;
--   a later copy that moved the request to another day leaves two rows, listed here. Zero rows pass.
-- grain: one request id
-- depends_on: v_request_costs
-- params: day_from, day_to
select
  request_id,
  count(*) as copies
from v_request_costs
where request_day between cast(? as date) and cast(? as date)
group by request_id
having count(*) > 1
