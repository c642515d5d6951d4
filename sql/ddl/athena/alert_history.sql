-- name: alert_history
-- kind: ddl
-- description: The alert history behind v_alerts: one row per episode of each alert dedupe key (rule x scope x
--   period), every cell as text, read from the NDJSON file the alert job rewrites from the alert state after
--   each run (state/alerts/history/alerts.ndjson); the state under state/alerts/keys/ is the source of truth.
-- grain: one row per dedupe key and episode
-- depends_on: none
-- params: none
create external table if not exists alert_history (
  `rule` string,
  `scope` string,
  `period` string,
  `severity` string,
  `figures` string,
  `first_seen` string,
  `last_seen` string,
  `state` string,
  `dedupe_key` string,
  `episode` string,
  `summary` string,
  `threshold` string,
  `suggested_action` string,
  `look_at_view` string,
  `look_at_sql` string,
  `environment` string,
  `application` string,
  `workflow` string,
  `tenant_id` string,
  `provider` string,
  `model_or_deployment` string,
  `source` string,
  `notifications` string,
  `last_notified_at` string
)
row format serde 'org.openx.data.jsonserde.JsonSerDe'
location '{{lake}}/state/alerts/history/'
