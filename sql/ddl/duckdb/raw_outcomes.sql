-- name: raw_outcomes
-- kind: ddl
-- description: The outcome events land wrote to raw/outcomes/dt=YYYY-MM-DD/*.ndjson (RawOutcome), read in
--   place with explicit column types; timestamps stay text for staging to cast, dt comes from the folder.
-- grain: one row per landed copy of an outcome event
-- depends_on: none
-- params: none
create or replace view raw_outcomes as
select *
from read_ndjson(
  '{{lake}}/raw/outcomes/dt=*/*.ndjson',
  format = 'newline_delimited',
  auto_detect = false,
  hive_partitioning = true,
  hive_types = {'dt': 'VARCHAR'},
  columns = {
    'unit_type': 'VARCHAR',
    'unit_id': 'VARCHAR',
    'application': 'VARCHAR',
    'workflow': 'VARCHAR',
    'tenant_id': 'VARCHAR',
    'outcome': 'VARCHAR',
    'outcome_at': 'VARCHAR',
    'is_final': 'BOOLEAN',
    'value_amount': 'VARCHAR',
    'value_currency': 'VARCHAR',
    'event_version': 'VARCHAR',
    'source_key': 'VARCHAR',
    'source_line': 'BIGINT',
    'source_received_at': 'VARCHAR'
  }
)
