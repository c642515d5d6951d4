-- name: alert_history__merged
-- kind: query
-- description: Writes the alert history rows given as one JSON array of objects (text values, the columns of
--   alert_history), bound as a single parameter: nothing is spliced into the statement. A row replaces the
--   row of the same dedupe key and episode; history rows are never removed, so one statement keeps the
--   table whole even when two runs write it.
-- grain: one row per dedupe key and episode
-- depends_on: alert_history
-- params: history_json
insert or replace into alert_history
select
  entry.rule,
  entry.scope,
  entry.period,
  entry.severity,
  entry.figures,
  entry.first_seen,
  entry.last_seen,
  entry.state,
  entry.dedupe_key,
  entry.episode,
  entry.summary,
  entry.threshold,
  entry.suggested_action,
  entry.look_at_view,
  entry.look_at_sql,
  entry.environment,
  entry.application,
  entry.workflow,
  entry.tenant_id,
  entry.provider,
  entry.model_or_deployment,
  entry.source,
  entry.notifications,
  entry.last_notified_at
from (
  select unnest(from_json(?, '[{"rule": "VARCHAR", "scope": "VARCHAR", "period": "VARCHAR", "severity": "VARCHAR", "figures": "VARCHAR", "first_seen": "VARCHAR", "last_seen": "VARCHAR", "state": "VARCHAR", "dedupe_key": "VARCHAR", "episode": "VARCHAR", "summary": "VARCHAR", "threshold": "VARCHAR", "suggested_action": "VARCHAR", "look_at_view": "VARCHAR", "look_at_sql": "VARCHAR", "environment": "VARCHAR", "application": "VARCHAR", "workflow": "VARCHAR", "tenant_id": "VARCHAR", "provider": "VARCHAR", "model_or_deployment": "VARCHAR", "source": "VARCHAR", "notifications": "VARCHAR", "last_notified_at": "VARCHAR"}]')) as entry
)
