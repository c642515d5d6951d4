-- name: report_open_alerts
-- kind: query
-- description: The report's open alerts: every alert episode still open in v_alerts, most severe first, then the
--   oldest first.
-- grain: one open alert episode
-- depends_on: v_alerts
-- params: none
select *
from v_alerts
where state = 'open'
order by
  case severity when 'critical' then 0 when 'warning' then 1 else 2 end,
  first_seen,
  dedupe_key
