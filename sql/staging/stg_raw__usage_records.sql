-- name: stg_raw__usage_records
-- kind: view
-- description: The landed provider usage records, typed (UTC timestamps, the UTC day of usage) and deduplicated
--   as ProviderUsageRecord prescribes: one record per source_line_id (a request, or a bucket and its grouping),
--   the latest received (then the larger source_key and line). The rule works within a raw partition (dt, the
--   UTC day of usage_start), so a caller's filter on dt or usage_day reaches the scan.
-- grain: one row per provider usage record (source_line_id)
-- depends_on: raw_usage_records
-- params: none
create or replace view stg_raw__usage_records as
with

source as (
  select * from raw_usage_records
),

typed as (
  select
    cast(from_iso8601_timestamp(usage_start) as timestamp) as usage_start,
    cast(from_iso8601_timestamp(usage_end) as timestamp) as usage_end,
    cast(dt as date) as usage_day,
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
    cast(from_iso8601_timestamp(source_received_at) as timestamp) as source_received_at,
    dt
  from source
),

ranked as (
  select
    typed.*,
    row_number() over (
      partition by dt, source_line_id
      order by source_received_at desc, source_key desc, source_line desc
    ) as copy_rank
  from typed
),

final as (
  select
    usage_start,
    usage_end,
    usage_day,
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
  from ranked
  where copy_rank = 1
)

select * from final
