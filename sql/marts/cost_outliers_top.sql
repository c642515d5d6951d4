-- name: cost_outliers_top
-- kind: query
-- description: The `outliers` command and the report: the max_rank costliest units of each ISO week,
--   environment, application, workflow and currency, for weeks week_from..week_to (YYYY-Www), with their
--   diagnostics from v_cost_outliers; newest week first, then by group and rank.
-- grain: one business unit (cost_rank <= max_rank)
-- depends_on: v_cost_outliers
-- params: max_rank, week_from, week_to
select *
from v_cost_outliers
where cost_rank <= cast(? as bigint)
  and week between ? and ?
order by week desc, environment, application, workflow, currency, cost_rank
