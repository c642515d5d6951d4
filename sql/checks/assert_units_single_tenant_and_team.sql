-- name: assert_units_single_tenant_and_team
-- kind: check
-- description: Join validation: business units whose requests on days day_from..day_to named more than one
--   tenant or more than one team - a shared session or a reused unit id, the double count the unit figures
--   cannot show (a unit is counted once, under its first request's tenant; DESIGN §7.1). Shows how many of
--   each, and the first and last by name. Zero rows pass.
-- grain: one business unit
-- depends_on: requests
-- params: day_from, day_to
select
  application,
  unit_type,
  unit_id,
  min(request_day) as first_day,
  count(*) as requests,
  count(distinct tenant_id) as tenants,
  min(tenant_id) as first_tenant_id,
  max(tenant_id) as last_tenant_id,
  count(distinct team) as teams,
  min(team) as first_team,
  max(team) as last_team
from requests
where request_day between cast(? as date) and cast(? as date)
  and unit_id is not null
group by application, unit_type, unit_id
having count(distinct tenant_id) > 1 or count(distinct team) > 1
