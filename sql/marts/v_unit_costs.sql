-- name: v_unit_costs
-- kind: view
-- description: Finance view (DESIGN §7): every business unit whose cohort day is published, with its first
--   request's tenant, environment and workflow, its requests, retries and cost (§7.1), and its outcome and
--   outcome class as of the publishing run's as-of time. Columns after `outcome_class` are extras:
--   outcome_source says where the outcome came from (outcome_event, cost_event or none); multiple_tenants
--   and multiple_currencies flag a unit whose requests named several tenants or were priced in several
--   currencies (its cost then only adds the requests in its own currency). Costs are exact and shown
--   rounded half up to 12 decimals.
-- grain: one business unit (application, unit type, unit id)
-- depends_on: unit_costs, result_days
-- params: none
create or replace view v_unit_costs as
with

published as (
  select u.*
  from unit_costs as u
  inner join result_days as d
    on d.day = u.cohort_day and d.run_id = u.run_id
)

select
  application,
  unit_type,
  unit_id,
  tenant_id,
  environment,
  workflow,
  cohort_day,
  first_request_at,
  last_request_at,
  requests,
  retries,
  cast(cost as decimal(38, 12)) as cost,
  currency,
  outcome,
  outcome_at,
  outcome_class,
  first_request_id,
  unpriced_requests,
  multiple_tenants,
  multiple_currencies,
  outcome_source
from published
