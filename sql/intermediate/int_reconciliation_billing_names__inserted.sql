-- name: int_reconciliation_billing_names__inserted
-- kind: query
-- description: Stores, under the run id, a provider's billing names from config/settings.json
--   (reconciliation.bedrock_billing_names) with the model ids each stands for, one row per billing name and
--   model id. The job passes the whole mapping as one text, one pair per line, the billing name and the model
--   id separated by a tab (the settings schema keeps both out of names and ids), so a mapping of any size is
--   one statement: one Iceberg commit on Athena, not one per row.
-- grain: one row per run, provider, billing name and model id
-- depends_on: reconciliation_billing_names
-- params: run_id, provider, billing_names
insert into reconciliation_billing_names (run_id, provider, billing_name, model_id)
with

mapping as (
  select
    cast(? as varchar) as run_id,
    cast(? as varchar) as provider,
    cast(? as varchar) as pairs
),

pairs as (
  select
    mapping.run_id,
    mapping.provider,
    listed.pair
  from mapping
  cross join unnest(split(mapping.pairs, chr(10))) as listed (pair)
),

final as (
  select
    run_id,
    provider,
    split_part(pair, chr(9), 1) as billing_name,
    split_part(pair, chr(9), 2) as model_id
  from pairs
)

select * from final
