-- name: raw_billing_lines
-- kind: ddl
-- description: The billing lines land wrote to raw/billing_lines/dt=YYYY-MM-DD/*.ndjson (BillingLine, dt = the
--   billing period start), read in place with explicit types: every key as land writes it, money and
--   timestamps as text for staging to cast, dt from the folder. Read as text and parsed line by line
--   (read_text + json_transform) rather than with read_ndjson, because read_text accepts a folder that holds
--   no file yet: a lake with no billing evidence still binds, and reconcile reports no_billing_data.
-- grain: one row per landed copy of a billing line
-- depends_on: none
-- params: none
create or replace view raw_billing_lines as
with

files as (
  -- dt from the file's folder: read_text gives no partition column when no file matches.
  select
    regexp_extract(filename, '/dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]*$', 1) as dt,
    content
  from read_text('{{lake}}/raw/billing_lines/dt=*/*.ndjson')
),

lines as (
  select
    dt,
    unnest(string_split(content, chr(10))) as line
  from files
),

records as (
  select
    dt,
    json_transform(line, '{
    "billing_period_start": "VARCHAR",
    "charge_period_start": "VARCHAR",
    "charge_period_end": "VARCHAR",
    "provider": "VARCHAR",
    "billing_account_id": "VARCHAR",
    "sub_account_id": "VARCHAR",
    "service": "VARCHAR",
    "sku_or_model": "VARCHAR",
    "charge_category": "VARCHAR",
    "charge_class": "VARCHAR",
    "billed_cost": "VARCHAR",
    "effective_cost": "VARCHAR",
    "currency": "VARCHAR",
    "consumed_quantity": "VARCHAR",
    "consumed_unit": "VARCHAR",
    "source": "VARCHAR",
    "source_line_id": "VARCHAR",
    "token_type": "VARCHAR",
    "charge_description": "VARCHAR",
    "source_key": "VARCHAR",
    "source_line": "BIGINT",
    "source_received_at": "VARCHAR"
    }') as record
  from lines
  where trim(line) <> ''
)

select
  record.billing_period_start,
  record.charge_period_start,
  record.charge_period_end,
  record.provider,
  record.billing_account_id,
  record.sub_account_id,
  record.service,
  record.sku_or_model,
  record.charge_category,
  record.charge_class,
  record.billed_cost,
  record.effective_cost,
  record.currency,
  record.consumed_quantity,
  record.consumed_unit,
  record.source,
  record.source_line_id,
  record.token_type,
  record.charge_description,
  record.source_key,
  record.source_line,
  record.source_received_at,
  dt
from records
