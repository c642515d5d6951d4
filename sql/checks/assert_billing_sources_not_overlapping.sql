-- name: assert_billing_sources_not_overlapping
-- kind: check
-- description: One provider account's bill for one period should come from one source: Bedrock billed through both
--   a FOCUS export and the CUR, or OpenAI through both the Costs API and an invoice CSV, would be counted twice
--   by v_reconciliation. Lists each billing period, provider and account whose usage lines in the raw
--   partitions dt_from..dt_to come from more than one source, naming the first and last.
-- grain: one row per billing period, provider and account billed by several sources
-- depends_on: v_billing_lines
-- params: dt_from, dt_to
select
  substr(cast(billing_period_start as varchar), 1, 7) as billing_period,
  provider,
  coalesce(sub_account_id, billing_account_id) as account_id,
  count(distinct source) as sources,
  min(source) as first_source,
  max(source) as last_source
from v_billing_lines
where dt between ? and ?
  and charge_category = 'usage'
group by substr(cast(billing_period_start as varchar), 1, 7), provider, coalesce(sub_account_id, billing_account_id)
having count(distinct source) > 1
order by billing_period, provider, account_id
