-- name: prices
-- kind: ddl
-- description: The verified pricing table, loaded row by row (prices__insert) from config/pricing/*.csv after
--   the job has validated every row in TypeScript. price_per_token = price / unit_tokens, rounded half up at
--   24 decimals, computed exactly by the loader; a null effective_to is an open end.
-- grain: one row per provider, model, billing category, token type and effective range
-- depends_on: none
-- params: none
create table if not exists prices (
  provider varchar not null,
  model_or_deployment varchar not null,
  billing_category varchar not null,
  token_type varchar not null,
  unit_tokens bigint not null,
  price decimal(38, 12) not null,
  price_per_token decimal(38, 24) not null,
  currency varchar not null,
  effective_from timestamp not null,
  effective_to timestamp,
  pricing_source varchar not null,
  contract_ref varchar
)
