-- name: assert_requests_name_provider_account
-- kind: check
-- description: Reconciliation meets estimates and bills on the provider account (the events' provider_account;
--   a bill's sub-account or billing account): lists each provider whose requests in days day_from..day_to
--   leave provider_account empty, with how many do. Those requests only meet bills that name no account.
-- grain: one row per provider with requests that name no account
-- depends_on: requests
-- params: day_from, day_to
select
  provider,
  count(*) as requests,
  count(*) - count(provider_account) as requests_without_account
from requests
where request_day between cast(? as date) and cast(? as date)
group by provider
having count(*) > count(provider_account)
order by provider
