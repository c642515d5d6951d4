-- name: assert_units_single_tenant
-- kind: check
-- description: Join validation (DESIGN §7.1): published business units whose requests named more than one
--   tenant. Such a unit is counted once, under its first request's tenant; each row here is one to fix at
--   the source. Zero rows pass.
-- grain: one business unit
-- depends_on: v_unit_costs
-- params: day_from, day_to
select
  application,
  unit_type,
  unit_id,
  cohort_day,
  tenant_id,
  multiple_tenants
from v_unit_costs
where cohort_day between cast(? as date) and cast(? as date)
  and multiple_tenants
