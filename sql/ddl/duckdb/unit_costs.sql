-- name: unit_costs
-- kind: ddl
-- description: Results: every business unit whose cohort day falls in a compute run's window, with its cost and its
--   outcome as of the run's as-of time, written under the run id; visible through result_days.
-- grain: one row per run and business unit
-- depends_on: none
-- params: none
create table if not exists unit_costs (
  run_id varchar,
  application varchar,
  unit_type varchar,
  unit_id varchar,
  tenant_id varchar,
  environment varchar,
  workflow varchar,
  cohort_day date,
  first_request_at timestamp,
  last_request_at timestamp,
  requests bigint,
  retries bigint,
  cost decimal(38, 24),
  currency varchar,
  outcome varchar,
  outcome_at timestamp,
  outcome_class varchar,
  first_request_id varchar,
  unpriced_requests bigint,
  multiple_tenants boolean,
  multiple_currencies boolean,
  outcome_source varchar
)
