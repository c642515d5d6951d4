-- name: stg_raw__cost_events
-- kind: view
-- description: The landed cost events, typed: ISO 8601 text becomes UTC timestamps and each request gets its
--   UTC day. One row per landed copy (duplicates across landings are still here; int_requests__merged keeps
--   the copy landed last). Callers filter on dt, the raw partition, so engines read only those folders.
-- grain: one row per landed copy of a cost event
-- depends_on: raw_cost_events
-- params: none
create or replace view stg_raw__cost_events as
with

source as (
  select * from raw_cost_events
),

typed as (
  select
    request_id,
    cast(from_iso8601_timestamp(timestamp_utc) as timestamp) as timestamp_utc,
    event_version,
    environment,
    application,
    workflow,
    tenant_id,
    team,
    cost_center,
    provider,
    provider_account,
    model_or_deployment,
    prompt_version,
    billing_category,
    input_tokens,
    output_tokens,
    total_tokens,
    cached_input_tokens,
    cache_write_tokens,
    reasoning_tokens,
    attempt_number,
    retry_count,
    fallback_used,
    fallback_route,
    status,
    unit_type,
    unit_id,
    unit_outcome,
    cost_estimate_amount,
    cost_estimate_currency,
    source_key,
    source_line,
    cast(from_iso8601_timestamp(source_received_at) as timestamp) as source_received_at,
    dt
  from source
)

select
  typed.*,
  cast(timestamp_utc as date) as request_day
from typed
