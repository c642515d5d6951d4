-- name: assert_providers_have_billing_evidence
-- kind: check
-- description: Every provider the cost events name in days day_from..day_to needs billing evidence to be
--   reconciled: lists each provider with requests in those days and no billing line in the raw partitions
--   (billing period starts) dt_from..dt_to, with its request count and first and last request day.
-- grain: one row per provider without billing evidence
-- depends_on: requests, v_billing_lines
-- params: day_from, day_to, dt_from, dt_to
with

used as (
  select
    provider,
    count(*) as requests,
    min(request_day) as first_request_day,
    max(request_day) as last_request_day
  from requests
  where request_day between cast(? as date) and cast(? as date)
  group by provider
),

billed as (
  select distinct provider
  from v_billing_lines
  where dt between ? and ?
)

select
  used.provider,
  used.requests,
  used.first_request_day,
  used.last_request_day
from used
left join billed
  on billed.provider = used.provider
where billed.provider is null
order by used.provider
