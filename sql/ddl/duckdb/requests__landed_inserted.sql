-- name: requests__landed_inserted
-- kind: query
-- description: DuckDB's second half of int_requests__merged (after requests__landed_updated): inserts the copy
--   landed last of each request in raw/events days dt_from..dt_to (as int_requests__merged ranks them) when the
--   curated requests hold no row for its UTC day and request_id. A request landed once is its own latest copy
--   and streams straight into the table; only requests landed more than once go through the window, which on
--   DuckDB costs several times the reading when it carries every column of every copy. Running it again
--   changes nothing.
-- grain: one row per request
-- depends_on: stg_raw__cost_events, requests
-- params: dt_from, dt_to, dt_from, dt_to, dt_from, dt_to
insert into requests (
  request_id,
  timestamp_utc,
  request_day,
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
  source_received_at
)
with

-- Requests landed more than once, found by a 64-bit hash of the request_id: grouping 10M fixed-width
-- keys takes about two thirds of the time text keys take. A hash shared by two different ids only
-- sends both through the window below, which ranks by the id itself, so the rows are the same.
-- (A null request_id hashes like any other value: nulls group as the window partitions them.)
repeated_hashes as (
  select hash(request_id) as id_hash, count(*) as copies
  from stg_raw__cost_events
  where dt between ? and ?
  group by hash(request_id)
  having count(*) > 1
),

latest as (
  select
    landed.request_id,
    landed.timestamp_utc,
    landed.request_day,
    landed.event_version,
    landed.environment,
    landed.application,
    landed.workflow,
    landed.tenant_id,
    landed.team,
    landed.cost_center,
    landed.provider,
    landed.provider_account,
    landed.model_or_deployment,
    landed.prompt_version,
    landed.billing_category,
    landed.input_tokens,
    landed.output_tokens,
    landed.total_tokens,
    landed.cached_input_tokens,
    landed.cache_write_tokens,
    landed.reasoning_tokens,
    landed.attempt_number,
    landed.retry_count,
    landed.fallback_used,
    landed.fallback_route,
    landed.status,
    landed.unit_type,
    landed.unit_id,
    landed.unit_outcome,
    landed.cost_estimate_amount,
    landed.cost_estimate_currency,
    landed.source_key,
    landed.source_line,
    landed.source_received_at
  from stg_raw__cost_events as landed
  left join repeated_hashes
    on repeated_hashes.id_hash = hash(landed.request_id)
  where landed.dt between ? and ?
    and repeated_hashes.copies is null
  union all
  select
    request_id,
    timestamp_utc,
    request_day,
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
    source_received_at
  from (
    select
      landed.request_id,
      landed.timestamp_utc,
      landed.request_day,
      landed.event_version,
      landed.environment,
      landed.application,
      landed.workflow,
      landed.tenant_id,
      landed.team,
      landed.cost_center,
      landed.provider,
      landed.provider_account,
      landed.model_or_deployment,
      landed.prompt_version,
      landed.billing_category,
      landed.input_tokens,
      landed.output_tokens,
      landed.total_tokens,
      landed.cached_input_tokens,
      landed.cache_write_tokens,
      landed.reasoning_tokens,
      landed.attempt_number,
      landed.retry_count,
      landed.fallback_used,
      landed.fallback_route,
      landed.status,
      landed.unit_type,
      landed.unit_id,
      landed.unit_outcome,
      landed.cost_estimate_amount,
      landed.cost_estimate_currency,
      landed.source_key,
      landed.source_line,
      landed.source_received_at,
      row_number() over (
        partition by landed.request_id
        order by landed.source_received_at desc, landed.source_key desc, landed.source_line desc
      ) as copy_rank
    from stg_raw__cost_events as landed
    inner join repeated_hashes
      on repeated_hashes.id_hash = hash(landed.request_id)
    where landed.dt between ? and ?
  ) as ranked
  where copy_rank = 1
)

select
  latest.request_id,
  latest.timestamp_utc,
  latest.request_day,
  latest.event_version,
  latest.environment,
  latest.application,
  latest.workflow,
  latest.tenant_id,
  latest.team,
  latest.cost_center,
  latest.provider,
  latest.provider_account,
  latest.model_or_deployment,
  latest.prompt_version,
  latest.billing_category,
  latest.input_tokens,
  latest.output_tokens,
  latest.total_tokens,
  latest.cached_input_tokens,
  latest.cache_write_tokens,
  latest.reasoning_tokens,
  latest.attempt_number,
  latest.retry_count,
  latest.fallback_used,
  latest.fallback_route,
  latest.status,
  latest.unit_type,
  latest.unit_id,
  latest.unit_outcome,
  latest.cost_estimate_amount,
  latest.cost_estimate_currency,
  latest.source_key,
  latest.source_line,
  latest.source_received_at
from latest
left join requests
  on requests.request_day = latest.request_day
  and requests.request_id = latest.request_id
where requests.request_id is null
