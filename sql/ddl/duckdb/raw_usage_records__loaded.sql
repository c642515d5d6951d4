-- name: raw_usage_records__loaded
-- kind: query
-- description: Copies every provider usage record land wrote under raw/usage_records/dt=YYYY-MM-DD/ into raw_usage_records,
--   read with explicit column types (every key land writes, in its order) and dt from the folder. Run only
--   when such files exist: read_ndjson fails on a folder with none.
-- grain: one row per landed copy of a provider usage record
-- depends_on: raw_usage_records
-- params: none
insert into raw_usage_records
select
  usage_start,
  usage_end,
  provider,
  provider_account,
  model_or_deployment,
  request_id,
  billing_category,
  input_tokens,
  cached_input_tokens,
  cache_write_tokens,
  output_tokens,
  request_count,
  source,
  source_line_id,
  source_key,
  source_line,
  source_received_at,
  dt
from read_ndjson(
  '{{lake}}/raw/usage_records/dt=*/*.ndjson',
  format = 'newline_delimited',
  auto_detect = false,
  hive_partitioning = true,
  hive_types = {'dt': 'VARCHAR'},
  columns = {
    'usage_start': 'VARCHAR',
    'usage_end': 'VARCHAR',
    'provider': 'VARCHAR',
    'provider_account': 'VARCHAR',
    'model_or_deployment': 'VARCHAR',
    'request_id': 'VARCHAR',
    'billing_category': 'VARCHAR',
    'input_tokens': 'BIGINT',
    'cached_input_tokens': 'BIGINT',
    'cache_write_tokens': 'BIGINT',
    'output_tokens': 'BIGINT',
    'request_count': 'BIGINT',
    'source': 'VARCHAR',
    'source_line_id': 'VARCHAR',
    'source_key': 'VARCHAR',
    'source_line': 'BIGINT',
    'source_received_at': 'VARCHAR'
  }
)
