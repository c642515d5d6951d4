-- name: stg_raw__billing_lines
-- kind: view
-- description: The landed billing lines, typed (dates, UTC timestamps, money as decimal(38, 12)) and deduplicated
--   as BillingLine prescribes. A file (FOCUS, invoice CSV) is replaced whole when it is delivered again: per
--   source_key only the lines of its latest source_received_at stay. An API page (OpenAI costs, Anthropic cost
--   report) names buckets that overlapping pulls land again: one line per source_line_id stays, the latest
--   received (then the larger source_key and line). Both rules work within a raw partition (dt, the billing
--   period start), so a caller's filter on dt reaches the scan and engines read only those folders.
-- grain: one row per billing line (source_line_id)
-- depends_on: raw_billing_lines
-- params: none
create or replace view stg_raw__billing_lines as
with

source as (
  select * from raw_billing_lines
),

typed as (
  select
    cast(billing_period_start as date) as billing_period_start,
    cast(from_iso8601_timestamp(charge_period_start) as timestamp) as charge_period_start,
    cast(from_iso8601_timestamp(charge_period_end) as timestamp) as charge_period_end,
    provider,
    billing_account_id,
    sub_account_id,
    service,
    sku_or_model,
    charge_category,
    charge_class,
    cast(billed_cost as decimal(38, 12)) as billed_cost,
    cast(effective_cost as decimal(38, 12)) as effective_cost,
    currency,
    cast(consumed_quantity as decimal(38, 12)) as consumed_quantity,
    consumed_unit,
    source,
    source_line_id,
    token_type,
    charge_description,
    source_key,
    source_line,
    cast(from_iso8601_timestamp(source_received_at) as timestamp) as source_received_at,
    source in ('openai-costs', 'anthropic-costs') as from_api_page,
    dt
  from source
),

latest_file_deliveries as (
  select
    typed.*,
    max(source_received_at) over (partition by dt, source_key) as key_received_at
  from typed
),

current_lines as (
  select * from latest_file_deliveries
  where from_api_page or source_received_at = key_received_at
),

ranked as (
  select
    current_lines.*,
    row_number() over (
      partition by dt, source_line_id
      order by source_received_at desc, source_key desc, source_line desc
    ) as copy_rank
  from current_lines
),

final as (
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
    charge_description,
    source_key,
    source_line,
    source_received_at,
    dt
  from ranked
  where copy_rank = 1
)

select * from final
