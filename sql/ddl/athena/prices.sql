-- name: prices
-- kind: ddl
-- description: The pricing table with the types the shared SQL reads, normalized as the TypeScript price-book
--   schema normalizes it (provider lower case, currency upper case, a bare date is midnight UTC, an empty
--   effective_to is an open end). price_per_token = price / unit_tokens, rounded half up at 24 decimals,
--   the same figure the DuckDB loader computes.
-- grain: one row per provider, model, billing category, token type and effective range
-- depends_on: prices_csv
-- params: none
create or replace view prices as
select
  lower(trim(provider)) as provider,
  trim(model_or_deployment) as model_or_deployment,
  trim(billing_category) as billing_category,
  trim(token_type) as token_type,
  cast(trim(unit_tokens) as bigint) as unit_tokens,
  cast(trim(price) as decimal(38, 12)) as price,
  cast(cast(trim(price) as decimal(38, 24)) / cast(trim(unit_tokens) as bigint) as decimal(38, 24)) as price_per_token,
  upper(trim(currency)) as currency,
  cast(from_iso8601_timestamp(trim(effective_from)) at time zone 'UTC' as timestamp) as effective_from,
  cast(from_iso8601_timestamp(nullif(trim(effective_to), '')) at time zone 'UTC' as timestamp) as effective_to,
  trim(pricing_source) as pricing_source,
  nullif(trim(contract_ref), '') as contract_ref
from prices_csv
