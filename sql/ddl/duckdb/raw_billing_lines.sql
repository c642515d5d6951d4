-- name: raw_billing_lines
-- kind: ddl
-- description: The billing lines land wrote to raw/billing_lines/dt=YYYY-MM-DD/*.ndjson (BillingLine, dt = the billing period
--   start), copied into a local table with the columns and types of the Athena table of the same name: money and
--   timestamps as text for staging to cast, dt from the folder. A native table, not a view over the files:
--   DuckDB cannot bind a view over a folder that holds no file, and a lake may have no billing evidence yet.
--   reconcile and doctor empty it (raw_billing_lines__reset) and reload it (raw_billing_lines__loaded).
-- grain: one row per landed copy of a billing line
-- depends_on: none
-- params: none
create table if not exists raw_billing_lines (
  billing_period_start varchar,
  charge_period_start varchar,
  charge_period_end varchar,
  provider varchar,
  billing_account_id varchar,
  sub_account_id varchar,
  service varchar,
  sku_or_model varchar,
  charge_category varchar,
  charge_class varchar,
  billed_cost varchar,
  effective_cost varchar,
  currency varchar,
  consumed_quantity varchar,
  consumed_unit varchar,
  source varchar,
  source_line_id varchar,
  token_type varchar,
  charge_description varchar,
  source_key varchar,
  source_line bigint,
  source_received_at varchar,
  dt varchar
)
