-- name: alert_tenant_cost_per_unit_outlier
-- kind: check
-- description: Alert rule tenant_cost_per_unit_outlier (DESIGN §10): tenants whose cost per business unit in one
--   range of cohort days (the alert job binds one ISO week) is more than threshold times their workflow's cost
--   per unit, all tenants of the workflow included. Units are those of v_unit_costs with a currency (at least
--   one priced request); a workflow needs two tenants or more. cost_per_unit_multiple = (tenant cost / tenant
--   units) / (workflow cost / workflow units), a double; the costs per unit are rounded half up to 9
--   decimals like the finance views; tenant_units is the volume compared with min_volume. One row = one alert
--   candidate. Zero rows pass.
-- grain: environment x application x workflow x tenant x currency
-- depends_on: v_unit_costs
-- params: environment, day_from, day_to, threshold, min_volume
with

units as (
  select
    environment,
    application,
    workflow,
    tenant_id,
    currency,
    cost
  from v_unit_costs
  where environment = ?
    and cohort_day between cast(? as date) and cast(? as date)
    and currency is not null
),

tenants as (
  select
    environment,
    application,
    workflow,
    tenant_id,
    currency,
    count(*) as tenant_units,
    sum(cost) as tenant_cost
  from units
  where tenant_id is not null
  group by environment, application, workflow, tenant_id, currency
),

workflows as (
  select
    environment,
    application,
    workflow,
    currency,
    count(*) as workflow_units,
    sum(cost) as workflow_cost,
    count(distinct tenant_id) as workflow_tenants
  from units
  group by environment, application, workflow, currency
),

final as (
  select
    tenants.environment,
    tenants.application,
    tenants.workflow,
    tenants.tenant_id,
    tenants.currency,
    (cast(tenants.tenant_cost as double) / tenants.tenant_units)
      / (cast(workflows.workflow_cost as double) / workflows.workflow_units) as cost_per_unit_multiple,
    tenants.tenant_units,
    cast(cast((cast(tenants.tenant_cost * 1000000000 as bigint) + tenants.tenant_units / 2) / tenants.tenant_units as decimal(38, 0)) * 0.000000001 as decimal(38, 9)) as tenant_cost_per_unit,
    cast(cast((cast(workflows.workflow_cost * 1000000000 as bigint) + workflows.workflow_units / 2) / workflows.workflow_units as decimal(38, 0)) * 0.000000001 as decimal(38, 9)) as workflow_cost_per_unit,
    tenants.tenant_cost,
    workflows.workflow_units,
    workflows.workflow_tenants
  from tenants
  inner join workflows
    on workflows.environment = tenants.environment
    and workflows.application = tenants.application
    and workflows.workflow = tenants.workflow
    and workflows.currency = tenants.currency
  where workflows.workflow_cost > 0
    and workflows.workflow_tenants >= 2
)

select * from final
where cost_per_unit_multiple > ?
  and tenant_units >= ?
order by application, workflow, tenant_id, currency
