-- name: requests__landed_updated
-- kind: query
-- description: DuckDB's first half of int_requests__merged (Athena runs that MERGE): for the requests curated on
--   the UTC day of one of their copies landed in raw/events days dt_from..dt_to, the copy landed last (latest
--   source_received_at, then source_key, then source_line, over every copy of the request in those days)
--   replaces the curated row of its day and request_id when it landed later. requests__landed_inserted then
--   adds the rest; together they leave the rows the MERGE leaves. DuckDB only: its MERGE writes row by row
--   and ranks every landed copy through a window of all columns, several times the cost of reading the files.
--   Only requests already curated are read twice; on a first merge the join finds none and stops at once.
--   Running it again changes nothing.
-- grain: one row per request
-- depends_on: stg_raw__cost_events, requests
-- params: dt_from, dt_to, dt_from, dt_to
update requests
set
  timestamp_utc = latest.timestamp_utc,
  event_version = latest.event_version,
  environment = latest.environment,
  application = latest.application,
  workflow = latest.workflow,
  tenant_id = latest.tenant_id,
  team = latest.team,
  cost_center = latest.cost_center,
  provider = latest.provider,
  provider_account = latest.provider_account,
  model_or_deployment = latest.model_or_deployment,
  prompt_version = latest.prompt_version,
  billing_category = latest.billing_category,
  input_tokens = latest.input_tokens,
  output_tokens = latest.output_tokens,
  total_tokens = latest.total_tokens,
  cached_input_tokens = latest.cached_input_tokens,
  cache_write_tokens = latest.cache_write_tokens,
  reasoning_tokens = latest.reasoning_tokens,
  attempt_number = latest.attempt_number,
  retry_count = latest.retry_count,
  fallback_used = latest.fallback_used,
  fallback_route = latest.fallback_route,
  status = latest.status,
  unit_type = latest.unit_type,
  unit_id = latest.unit_id,
  unit_outcome = latest.unit_outcome,
  cost_estimate_amount = latest.cost_estimate_amount,
  cost_estimate_currency = latest.cost_estimate_currency,
  source_key = latest.source_key,
  source_line = latest.source_line,
  source_received_at = latest.source_received_at
from (
  with

  held_ids as (
    select distinct landed.request_id
    from stg_raw__cost_events as landed
    inner join requests
      on requests.request_day = landed.request_day
      and requests.request_id = landed.request_id
    where landed.dt between ? and ?
  ),

  ranked as (
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
    inner join held_ids
      on held_ids.request_id = landed.request_id
    where landed.dt between ? and ?
  )

  select * from ranked where copy_rank = 1
) as latest
where requests.request_day = latest.request_day
  and requests.request_id = latest.request_id
  and (
    latest.source_received_at > requests.source_received_at
    or (latest.source_received_at = requests.source_received_at and latest.source_key > requests.source_key)
    or (
      latest.source_received_at = requests.source_received_at
      and latest.source_key = requests.source_key
      and latest.source_line > requests.source_line
    )
  )
