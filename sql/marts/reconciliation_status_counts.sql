-- name: reconciliation_status_counts
-- kind: query
-- description: How many published v_reconciliation rows of billing periods period_from..period_to (YYYY-MM) have
--   each status: the summary a reconcile run records.
-- grain: one row per status
-- depends_on: v_reconciliation
-- params: period_from, period_to
select
  status,
  count(*) as row_count
from v_reconciliation
where billing_period between ? and ?
group by status
order by status
