-- name: alert_completeness_gap
-- kind: check
-- description: Alert rule completeness_gap (DESIGN §7, §10): the provider usage sources whose usage in one ISO
--   week (day_from..day_to) no cost-allocation event explains for more than the threshold share. Summed over
--   the week's v_data_completeness rows of each source (every application and environment: the unmatched
--   usage names none), as that view says a source's share is taken: gap_share = unmatched_provider_tokens /
--   provider_tokens (a double). provider_usage_records, the source's records of the week, is the volume
--   compared with min_volume; unmatched_usage_records counts the records no event matched; gap_days the days
--   with unmatched tokens. One row = one alert candidate; period = the week. Zero rows pass.
-- grain: provider usage source, for one ISO week
-- depends_on: v_data_completeness
-- params: day_from, day_to, week, threshold, min_volume
with

provider_rows as (
  select
    day,
    source,
    application_events,
    provider_usage_records,
    usage_records_without_event,
    provider_tokens,
    unmatched_provider_tokens
  from v_data_completeness
  where day between cast(? as date) and cast(? as date)
    and source <> 'cost_events'
),

by_source as (
  select
    source,
    cast(sum(provider_usage_records) as bigint) as provider_usage_records,
    cast(sum(usage_records_without_event) as bigint) as unmatched_usage_records,
    cast(sum(application_events) as bigint) as application_events,
    cast(sum(provider_tokens) as bigint) as provider_tokens,
    cast(sum(unmatched_provider_tokens) as bigint) as unmatched_provider_tokens,
    cast(count(distinct case when unmatched_provider_tokens > 0 then day end) as bigint) as gap_days
  from provider_rows
  group by source
),

final as (
  select
    cast(? as varchar) as period,
    source,
    cast(unmatched_provider_tokens as double) / cast(provider_tokens as double) as gap_share,
    provider_usage_records,
    application_events,
    unmatched_usage_records,
    unmatched_provider_tokens,
    provider_tokens,
    gap_days
  from by_source
  where provider_tokens > 0
)

select * from final
where gap_share > ?
  and provider_usage_records >= ?
order by source
