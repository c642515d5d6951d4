-- name: int_billing_lines__bedrock_models
-- kind: query
-- description: The models Amazon Bedrock usage lines name in the raw partitions dt_from..dt_to (billing period
--   starts), with how many lines name each and in which billing periods (YYYY-MM). doctor picks out the billing
--   names among them (a usage type's or Marketplace product's name, not a model id) that the settings'
--   reconciliation.bedrock_billing_names does not map: reconciliation cannot set an estimate against those.
-- grain: one row per model name
-- depends_on: v_billing_lines
-- params: dt_from, dt_to
select
  sku_or_model,
  count(*) as usage_lines,
  min(substr(cast(billing_period_start as varchar), 1, 7)) as first_billing_period,
  max(substr(cast(billing_period_start as varchar), 1, 7)) as last_billing_period
from v_billing_lines
where dt between ? and ?
  and provider = 'bedrock'
  and charge_category = 'usage'
  and sku_or_model is not null
group by sku_or_model
order by sku_or_model
