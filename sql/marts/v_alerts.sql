-- name: v_alerts
-- kind: view
-- description: Finance view (DESIGN §7): the alert history, one row per episode of each alert - rule, scope (a
--   JSON object of the scope fields), period, severity, figures (a JSON array of name, label, exact value as
--   text, unit and currency), first and last seen (UTC), state (open, resolved, superseded). An episode
--   starts when a dedupe key (rule x scope x period) breaks and ends when it clears; a key that breaks again
--   starts episode 2. Columns after state are extras: the scope fields as columns, the summary, threshold
--   (JSON), suggested action, where to look, and how many messages the episode sent. Rebuilt by the alert
--   job from the alert state in the lake (state/alerts/).
-- grain: one alert episode (dedupe key x episode)
-- depends_on: alert_history
-- params: none
create or replace view v_alerts as
with

history as (
  select * from alert_history
),

final as (
  select
    rule,
    scope,
    period,
    severity,
    figures,
    cast(from_iso8601_timestamp(first_seen) at time zone 'UTC' as timestamp) as first_seen,
    cast(from_iso8601_timestamp(last_seen) at time zone 'UTC' as timestamp) as last_seen,
    state,
    dedupe_key,
    cast(episode as bigint) as episode,
    summary,
    threshold,
    suggested_action,
    look_at_view,
    look_at_sql,
    environment,
    application,
    workflow,
    tenant_id,
    provider,
    model_or_deployment,
    source,
    cast(notifications as bigint) as notifications,
    cast(from_iso8601_timestamp(last_notified_at) at time zone 'UTC' as timestamp) as last_notified_at
  from history
)

select * from final
