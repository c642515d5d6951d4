-- name: v_data_completeness
-- kind: view
-- description: Finance and on-call view (DESIGN §7): whether the data behind the costs is whole, per UTC day,
--   source, application and environment. Two kinds of rows. source = 'cost_events': the applications' own
--   telemetry (deduplicated requests, per currency) - application_events, allocated_events (naming a business
--   unit), unit_joined_events (whose unit has an outcome event), their gaps, and the cost left unallocated
--   (unallocated_cost_share: the seed article keeps it under 2% of production cost; that target is a tunable
--   example, applied by doctor and the alerts, not here). source = a provider usage source
--   (bedrock-invocation-logs, openai-usage, anthropic-usage, openai-responses), on each day it reported
--   anything: its records set against the cost events of the same provider and day. Sources with request ids
--   match by request id (one row per application and environment of the matched events, plus a row with no
--   application for records no cost event names); bucket sources (usage reports) match by totals: each cost
--   event falls in the bucket of its provider, account, model (where the bucket names them) and time, and the
--   provider's tokens a bucket holds beyond its events' tokens are unmatched (one row per day and source, no
--   application). Tokens are input + output, input counting cache reads and writes. gap_share =
--   unmatched_provider_tokens / provider_tokens of the row (null when 0): sum both over rows for a source's
--   share. A figure that does not apply to a row's kind is null. Filter on day: it reaches the raw partitions.
-- grain: one row per day, source, application, environment (and provider, currency)
-- depends_on: int_requests__priced, outcomes, stg_raw__usage_records
-- params: none
create or replace view v_data_completeness as
with

events as (
  select
    request_id,
    request_day as day,
    timestamp_utc,
    environment,
    application,
    provider,
    provider_account,
    model_or_deployment,
    unit_type,
    unit_id,
    input_tokens + output_tokens as tokens,
    cost,
    currency
  from int_requests__priced
),

units_with_outcome as (
  select distinct application, unit_type, unit_id
  from outcomes
),

usage_records as (
  select * from stg_raw__usage_records
),

cost_event_rows as (
  select
    events.day,
    'cost_events' as source,
    events.application,
    events.environment,
    count(*) as application_events,
    cast(null as bigint) as provider_usage_records,
    count(events.unit_id) as allocated_events,
    count(units_with_outcome.unit_id) as unit_joined_events,
    count(*) - count(events.unit_id) as events_without_unit,
    count(events.unit_id) - count(units_with_outcome.unit_id) as unit_events_without_outcome,
    cast(null as bigint) as matched_events,
    cast(null as bigint) as events_without_usage_record,
    cast(null as bigint) as usage_records_without_event,
    sum(events.tokens) as event_tokens,
    cast(null as bigint) as provider_tokens,
    cast(null as bigint) as unmatched_provider_tokens,
    cast(sum(coalesce(events.cost, 0)) as decimal(38, 12)) as total_cost,
    cast(sum(case when events.unit_id is null then coalesce(events.cost, 0) else 0 end) as decimal(38, 12))
      as unallocated_cost,
    cast(null as varchar) as provider,
    events.currency,
    cast(null as varchar) as match_method
  from events
  left join units_with_outcome
    on units_with_outcome.application = events.application
    and units_with_outcome.unit_type = events.unit_type
    and units_with_outcome.unit_id = events.unit_id
  group by events.day, events.application, events.environment, events.currency
),

request_records as (
  select
    usage_day as day,
    source,
    provider,
    request_id,
    max(input_tokens + output_tokens) as tokens
  from usage_records
  where request_id is not null
  group by usage_day, source, provider, request_id
),

request_sources as (
  select distinct day, source, provider
  from request_records
),

request_matches as (
  select
    request_sources.day,
    request_sources.source,
    request_sources.provider,
    events.application,
    events.environment,
    events.tokens as event_tokens,
    request_records.request_id as record_request_id,
    request_records.tokens as record_tokens
  from request_sources
  inner join events
    on events.day = request_sources.day
    and events.provider = request_sources.provider
  left join request_records
    on request_records.day = request_sources.day
    and request_records.source = request_sources.source
    and request_records.provider = request_sources.provider
    and request_records.request_id = events.request_id
),

request_event_rows as (
  select
    day,
    source,
    application,
    environment,
    count(*) as application_events,
    count(record_request_id) as provider_usage_records,
    cast(null as bigint) as allocated_events,
    cast(null as bigint) as unit_joined_events,
    cast(null as bigint) as events_without_unit,
    cast(null as bigint) as unit_events_without_outcome,
    count(record_request_id) as matched_events,
    count(*) - count(record_request_id) as events_without_usage_record,
    cast(0 as bigint) as usage_records_without_event,
    sum(event_tokens) as event_tokens,
    sum(coalesce(record_tokens, 0)) as provider_tokens,
    cast(0 as bigint) as unmatched_provider_tokens,
    cast(null as decimal(38, 12)) as total_cost,
    cast(null as decimal(38, 12)) as unallocated_cost,
    provider,
    cast(null as varchar) as currency,
    'request_id' as match_method
  from request_matches
  group by day, source, provider, application, environment
),

request_orphan_rows as (
  select
    request_records.day,
    request_records.source,
    cast(null as varchar) as application,
    cast(null as varchar) as environment,
    cast(0 as bigint) as application_events,
    count(*) as provider_usage_records,
    cast(null as bigint) as allocated_events,
    cast(null as bigint) as unit_joined_events,
    cast(null as bigint) as events_without_unit,
    cast(null as bigint) as unit_events_without_outcome,
    cast(0 as bigint) as matched_events,
    cast(0 as bigint) as events_without_usage_record,
    count(*) as usage_records_without_event,
    cast(0 as bigint) as event_tokens,
    sum(request_records.tokens) as provider_tokens,
    sum(request_records.tokens) as unmatched_provider_tokens,
    cast(null as decimal(38, 12)) as total_cost,
    cast(null as decimal(38, 12)) as unallocated_cost,
    request_records.provider,
    cast(null as varchar) as currency,
    'request_id' as match_method
  from request_records
  left join events
    on events.day = request_records.day
    and events.provider = request_records.provider
    and events.request_id = request_records.request_id
  where events.request_id is null
  group by request_records.day, request_records.source, request_records.provider
),

buckets as (
  select
    usage_day as day,
    source,
    provider,
    provider_account,
    model_or_deployment,
    usage_start,
    usage_end,
    concat_ws(
      '|', source, provider, coalesce(provider_account, ''), coalesce(model_or_deployment, ''),
      cast(usage_start as varchar), cast(usage_end as varchar)
    ) as bucket_id,
    count(*) as records,
    sum(input_tokens + output_tokens) as tokens
  from usage_records
  where request_id is null
  group by usage_day, source, provider, provider_account, model_or_deployment, usage_start, usage_end
),

bucket_sources as (
  select distinct day, source, provider
  from buckets
),

bucket_matches as (
  select
    bucket_sources.day,
    bucket_sources.source,
    bucket_sources.provider,
    events.request_id,
    events.tokens,
    buckets.bucket_id
  from bucket_sources
  inner join events
    on events.day = bucket_sources.day
    and events.provider = bucket_sources.provider
  left join buckets
    on buckets.day = bucket_sources.day
    and buckets.source = bucket_sources.source
    and buckets.provider = bucket_sources.provider
    and (buckets.provider_account is null or buckets.provider_account = events.provider_account)
    and (buckets.model_or_deployment is null or buckets.model_or_deployment = events.model_or_deployment)
    and events.timestamp_utc >= buckets.usage_start
    and events.timestamp_utc < buckets.usage_end
),

bucket_event_tokens as (
  select bucket_id, sum(tokens) as event_tokens
  from bucket_matches
  where bucket_id is not null
  group by bucket_id
),

bucket_provider_figures as (
  select
    buckets.day,
    buckets.source,
    buckets.provider,
    sum(buckets.records) as provider_usage_records,
    sum(case when bucket_event_tokens.bucket_id is null then buckets.records else 0 end)
      as usage_records_without_event,
    sum(buckets.tokens) as provider_tokens,
    sum(greatest(buckets.tokens - coalesce(bucket_event_tokens.event_tokens, 0), 0)) as unmatched_provider_tokens
  from buckets
  left join bucket_event_tokens
    on bucket_event_tokens.bucket_id = buckets.bucket_id
  group by buckets.day, buckets.source, buckets.provider
),

bucket_event_figures as (
  select
    day,
    source,
    provider,
    count(distinct request_id) as application_events,
    count(distinct case when bucket_id is not null then request_id end) as matched_events,
    sum(case when bucket_id is not null then tokens else 0 end) as event_tokens
  from bucket_matches
  group by day, source, provider
),

bucket_rows as (
  select
    bucket_provider_figures.day,
    bucket_provider_figures.source,
    cast(null as varchar) as application,
    cast(null as varchar) as environment,
    coalesce(bucket_event_figures.application_events, 0) as application_events,
    bucket_provider_figures.provider_usage_records,
    cast(null as bigint) as allocated_events,
    cast(null as bigint) as unit_joined_events,
    cast(null as bigint) as events_without_unit,
    cast(null as bigint) as unit_events_without_outcome,
    coalesce(bucket_event_figures.matched_events, 0) as matched_events,
    coalesce(bucket_event_figures.application_events, 0) - coalesce(bucket_event_figures.matched_events, 0)
      as events_without_usage_record,
    bucket_provider_figures.usage_records_without_event,
    coalesce(bucket_event_figures.event_tokens, 0) as event_tokens,
    bucket_provider_figures.provider_tokens,
    bucket_provider_figures.unmatched_provider_tokens,
    cast(null as decimal(38, 12)) as total_cost,
    cast(null as decimal(38, 12)) as unallocated_cost,
    bucket_provider_figures.provider,
    cast(null as varchar) as currency,
    'bucket_totals' as match_method
  from bucket_provider_figures
  left join bucket_event_figures
    on bucket_event_figures.day = bucket_provider_figures.day
    and bucket_event_figures.source = bucket_provider_figures.source
    and bucket_event_figures.provider = bucket_provider_figures.provider
),

all_rows as (
  select * from cost_event_rows
  union all
  select * from request_event_rows
  union all
  select * from request_orphan_rows
  union all
  select * from bucket_rows
),

final as (
  select
    day,
    source,
    application,
    environment,
    cast(application_events as bigint) as application_events,
    cast(provider_usage_records as bigint) as provider_usage_records,
    cast(allocated_events as bigint) as allocated_events,
    cast(unit_joined_events as bigint) as unit_joined_events,
    cast(events_without_unit as bigint) as events_without_unit,
    cast(unit_events_without_outcome as bigint) as unit_events_without_outcome,
    cast(events_without_usage_record as bigint) as events_without_usage_record,
    cast(usage_records_without_event as bigint) as usage_records_without_event,
    cast(matched_events as bigint) as matched_events,
    cast(event_tokens as bigint) as event_tokens,
    cast(provider_tokens as bigint) as provider_tokens,
    cast(unmatched_provider_tokens as bigint) as unmatched_provider_tokens,
    cast(unmatched_provider_tokens as double) / nullif(cast(provider_tokens as double), 0) as gap_share,
    total_cost,
    unallocated_cost,
    cast(unallocated_cost as double) / nullif(cast(total_cost as double), 0) as unallocated_cost_share,
    provider,
    currency,
    match_method
  from all_rows
)

select * from final
