-- name: raw_cost_events
-- kind: ddl
-- description: The cost events land wrote to raw/events/dt=YYYY-MM-DD/*.ndjson (RawCostEvent), read in
--   place with explicit column types; timestamps stay text for staging to cast, dt comes from the folder.
-- grain: one row per landed copy of a cost event
-- depends_on: none
-- params: none
create or replace view raw_cost_events as
select *
from read_ndjson(
  '{{lake}}/raw/events/dt=*/*.ndjson',
  format = 'newline_delimited',
  auto_detect = false,
  hive_partitioning = true,
  hive_types = {'dt': 'VARCHAR'},
  columns = {
    'request_id': 'VARCHAR',
    'timestamp_utc': 'VARCHAR',
    'event_version': 'VARCHAR',
    'environment': 'VARCHAR',
    'application': 'VARCHAR',
    'workflow': 'VARCHAR',
    'tenant_id': 'VARCHAR',
    'team': 'VARCHAR',
    'cost_center': 'VARCHAR',
    'provider': 'VARCHAR',
    'provider_account': 'VARCHAR',
    'model_or_deployment': 'VARCHAR',
    'prompt_version': 'VARCHAR',
    'billing_category': 'VARCHAR',
    'input_tokens': 'BIGINT',
    'output_tokens': 'BIGINT',
    'total_tokens': 'BIGINT',
    'cached_input_tokens': 'BIGINT',
    'cache_write_tokens': 'BIGINT',
    'reasoning_tokens': 'BIGINT',
    'attempt_number': 'BIGINT',
    'retry_count': 'BIGINT',
    'fallback_used': 'BOOLEAN',
    'fallback_route': 'VARCHAR',
    'status': 'VARCHAR',
    'unit_type': 'VARCHAR',
    'unit_id': 'VARCHAR',
    'unit_outcome': 'VARCHAR',
    'cost_estimate_amount': 'VARCHAR',
    'cost_estimate_currency': 'VARCHAR',
    'source_key': 'VARCHAR',
    'source_line': 'BIGINT',
    'source_received_at': 'VARCHAR'
  }
)
