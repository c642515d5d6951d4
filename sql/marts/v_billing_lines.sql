-- name: v_billing_lines
-- kind: view
-- description: Finance view (DESIGN §6, §7): the normalized billing evidence, one row per source line, from every
--   source: the lines land normalized (FOCUS, OpenAI costs, Anthropic cost report, invoice CSV; deduplicated
--   by stg_raw__billing_lines) and Amazon Bedrock's lines of the AWS CUR, legacy and 2.0 (Athena reads both in
--   place; on DuckDB reconcile and doctor refresh local copies of the files first). A
--   line stays in the billing period that carries it; a correction (charge_class = 'correction') keeps the
--   charge period of the period it corrects (v_reconciliation moves it there). Money is exact, as
--   decimal(38, 12), in the line's own currency. Columns after source_line_id are extras: the billed token
--   type, billing category and inference scope where the source names them, the charge description, the
--   source object and line (CUR: the report folder), and dt, the billing period start as text - the raw
--   partition: filter on it and engines read only those folders. Use one source per provider: Bedrock billed
--   through both FOCUS and CUR would be counted twice.
-- grain: one row per source line
-- depends_on: stg_raw__billing_lines, stg_cur__bedrock_line_items
-- params: none
create or replace view v_billing_lines as
with

landed as (
  select
    billing_period_start,
    charge_period_start,
    charge_period_end,
    provider,
    billing_account_id,
    sub_account_id,
    service,
    sku_or_model,
    charge_category,
    charge_class,
    billed_cost,
    effective_cost,
    currency,
    consumed_quantity,
    consumed_unit,
    source,
    source_line_id,
    token_type,
    cast(null as varchar) as billing_category,
    cast(null as varchar) as inference_scope,
    charge_description,
    source_key,
    source_line,
    source_received_at,
    dt
  from stg_raw__billing_lines
),

cur as (
  select
    billing_period_start,
    charge_period_start,
    charge_period_end,
    provider,
    billing_account_id,
    sub_account_id,
    service,
    sku_or_model,
    charge_category,
    charge_class,
    billed_cost,
    effective_cost,
    currency,
    consumed_quantity,
    consumed_unit,
    source,
    source_line_id,
    token_type,
    billing_category,
    inference_scope,
    charge_description,
    concat('incoming/billing/cur/', cur_version, '/') as source_key,
    cast(null as bigint) as source_line,
    cast(null as timestamp) as source_received_at,
    dt
  from stg_cur__bedrock_line_items
),

final as (
  select * from landed
  union all
  select * from cur
)

select * from final
