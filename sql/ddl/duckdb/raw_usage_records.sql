-- name: raw_usage_records
-- kind: ddl
-- description: The provider usage records land wrote to raw/usage_records/dt=YYYY-MM-DD/*.ndjson
--   (ProviderUsageRecord, dt = the UTC day of usage_start), read in place with explicit types: timestamps as
--   text for staging to cast, dt from the folder. Read as text and parsed line by line (read_text +
--   json_transform) because read_text accepts a folder that holds no file yet: most lakes have no provider
--   usage logs, and the completeness view must still bind.
-- grain: one row per landed copy of a provider usage record
-- depends_on: none
-- params: none
create or replace view raw_usage_records as
with

files as (
  -- dt from the file's folder: read_text gives no partition column when no file matches.
  select
    regexp_extract(filename, '/dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]*$', 1) as dt,
    content
  from read_text('{{lake}}/raw/usage_records/dt=*/*.ndjson')
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
    "usage_start": "VARCHAR",
    "usage_end": "VARCHAR",
    "provider": "VARCHAR",
    "provider_account": "VARCHAR",
    "model_or_deployment": "VARCHAR",
    "request_id": "VARCHAR",
    "billing_category": "VARCHAR",
    "input_tokens": "BIGINT",
    "cached_input_tokens": "BIGINT",
    "cache_write_tokens": "BIGINT",
    "output_tokens": "BIGINT",
    "request_count": "BIGINT",
    "source": "VARCHAR",
    "source_line_id": "VARCHAR",
    "source_key": "VARCHAR",
    "source_line": "BIGINT",
    "source_received_at": "VARCHAR"
    }') as record
  from lines
  where trim(line) <> ''
)

select
  record.usage_start,
  record.usage_end,
  record.provider,
  record.provider_account,
  record.model_or_deployment,
  record.request_id,
  record.billing_category,
  record.input_tokens,
  record.cached_input_tokens,
  record.cache_write_tokens,
  record.output_tokens,
  record.request_count,
  record.source,
  record.source_line_id,
  record.source_key,
  record.source_line,
  record.source_received_at,
  dt
from records
