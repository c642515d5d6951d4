-- name: alert_history
-- kind: ddl
-- description: The alert history behind v_alerts: one row per episode of each alert dedupe key (rule x scope x
--   period), every cell as text. The alert job rebuilds it from the alert state in the object store
--   (state/alerts/keys/) after each run; the state, not this table, is the source of truth.
-- grain: one row per dedupe key and episode
-- depends_on: none
-- params: none
create table if not exists alert_history (
  rule varchar,
  scope varchar,
  period varchar,
  severity varchar,
  figures varchar,
  first_seen varchar,
  last_seen varchar,
  state varchar,
  dedupe_key varchar,
  episode varchar,
  summary varchar,
  threshold varchar,
  suggested_action varchar,
  look_at_view varchar,
  look_at_sql varchar,
  environment varchar,
  application varchar,
  workflow varchar,
  tenant_id varchar,
  provider varchar,
  model_or_deployment varchar,
  source varchar,
  notifications varchar,
  last_notified_at varchar,
  primary key (dedupe_key, episode)
)
