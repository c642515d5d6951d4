-- name: int_reconciliation_billing_names__pruned
-- kind: query
-- description: Deletes the billing names older runs stored, once a run has published: every visible row was
--   reconciled with the newest run's mapping, so only that one is kept here.
-- grain: none
-- depends_on: reconciliation_billing_names
-- params: run_id
delete from reconciliation_billing_names
where run_id < ?
