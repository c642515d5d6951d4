-- name: int_requests__merged
-- kind: query
-- description: Merges the landed copies in raw/events day partitions dt_from..dt_to into the curated requests,
--   one row per request_id: within the batch and against earlier landings the copy landed last wins (latest
--   source_received_at, then source_key, then source_line). The target is matched within the request's UTC
--   day, its partition, so Athena prunes it. One atomic statement; running it again changes nothing.
-- grain: one row per request
-- depends_on: stg_raw__cost_events, requests
-- params: dt_from, dt_to
merge into requests as target
using (
  with

  landed as (
    select * from stg_raw__cost_events
    where dt between ? and ?
  ),

  ranked as (
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
      source_received_at,
      row_number() over (
        partition by request_id
        order by source_received_at desc, source_key desc, source_line desc
      ) as copy_rank
    from landed
  )

  select * from ranked where copy_rank = 1
) as latest
on target.request_day = latest.request_day
  and target.request_id = latest.request_id
when matched and (
    latest.source_received_at > target.source_received_at
    or (latest.source_received_at = target.source_received_at and latest.source_key > target.source_key)
    or (
      latest.source_received_at = target.source_received_at
      and latest.source_key = target.source_key
      and latest.source_line > target.source_line
    )
) then update set
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
when not matched then insert (
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
) values (
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
)
