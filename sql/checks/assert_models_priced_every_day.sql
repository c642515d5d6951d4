-- name: assert_models_priced_every_day
-- kind: check
-- description: Every model in use needs a price row, for each token type it bills, on every day it is used: lists
--   each provider, model and billing category with unpriced requests in days day_from..day_to (DESIGN §7.1:
--   a request is unpriced when a needed row is missing at its instant), how many, on how many days, the first
--   and last such day and the token types with no row.
-- grain: one row per provider, model and billing category with unpriced requests
-- depends_on: int_requests__priced
-- params: day_from, day_to
select
  provider,
  model_or_deployment,
  billing_category,
  count(*) as unpriced_requests,
  count(distinct request_day) as unpriced_days,
  min(request_day) as first_unpriced_day,
  max(request_day) as last_unpriced_day,
  max(missing_price_token_types) as missing_price_token_types
from int_requests__priced
where request_day between cast(? as date) and cast(? as date)
  and not priced
group by provider, model_or_deployment, billing_category
order by provider, model_or_deployment, billing_category
