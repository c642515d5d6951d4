-- name: int_reconciliation_thresholds__inserted
-- kind: query
-- description: Stores, under the run id, one variance threshold from config/settings.json (reconciliation): a
--   provider's override, or provider '*' for the default that applies to every other provider.
-- grain: one row per run and provider
-- depends_on: reconciliation_thresholds
-- params: run_id, provider, threshold
insert into reconciliation_thresholds (run_id, provider, threshold)
values (cast(? as varchar), cast(? as varchar), cast(? as double))
