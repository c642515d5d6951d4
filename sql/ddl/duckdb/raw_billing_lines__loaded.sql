-- name: raw_billing_lines__loaded
-- kind: query
-- description: Copies every billing line land wrote under raw/billing_lines/dt=YYYY-MM-DD/ into raw_billing_lines, read with
--   explicit column types (every key land writes, in its order) and dt from the folder. Run only when such
--   files exist: read_ndjson fails on a folder with none.
-- grain: one row per landed copy of a billing line
-- depends_on: raw_billing_lines
-- params: none
insert into raw_billing_lines
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
from read_ndjson(
  '{{lake}}/raw/billing_lines/dt=*/*.ndjson',
  format = 'newline_delimited',
  auto_detect = false,
  hive_partitioning = true,
  hive_types = {'dt': 'VARCHAR'},
  columns = {
    'billing_period_start': 'VARCHAR',
    'charge_period_start': 'VARCHAR',
    'charge_period_end': 'VARCHAR',
    'provider': 'VARCHAR',
    'billing_account_id': 'VARCHAR',
    'sub_account_id': 'VARCHAR',
    'service': 'VARCHAR',
    'sku_or_model': 'VARCHAR',
    'charge_category': 'VARCHAR',
    'charge_class': 'VARCHAR',
    'billed_cost': 'VARCHAR',
    'effective_cost': 'VARCHAR',
    'currency': 'VARCHAR',
    'consumed_quantity': 'VARCHAR',
    'consumed_unit': 'VARCHAR',
    'source': 'VARCHAR',
    'source_line_id': 'VARCHAR',
    'token_type': 'VARCHAR',
    'charge_description': 'VARCHAR',
    'source_key': 'VARCHAR',
    'source_line': 'BIGINT',
    'source_received_at': 'VARCHAR'
  }
)
