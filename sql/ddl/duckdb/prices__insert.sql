-- name: prices__insert
-- kind: query
-- description: Adds one validated price row. Instants arrive as ISO 8601 text in UTC, amounts as exact
--   decimal text; nothing is spliced into the statement.
-- grain: one price row
-- depends_on: prices
-- params: provider, model_or_deployment, billing_category, token_type, unit_tokens, price, price_per_token,
--   currency, effective_from, effective_to, pricing_source, contract_ref
insert into prices (
  provider, model_or_deployment, billing_category, token_type, unit_tokens, price, price_per_token,
  currency, effective_from, effective_to, pricing_source, contract_ref
)
values (
  ?, ?, ?, ?, cast(? as bigint), cast(? as decimal(38, 12)), cast(? as decimal(38, 24)),
  ?, cast(from_iso8601_timestamp(?) as timestamp), cast(from_iso8601_timestamp(?) as timestamp), ?, ?
)
