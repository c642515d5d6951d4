-- name: raw_cur2
-- kind: ddl
-- description: The CUR 2.0 (AWS Data Exports) line items that can be Amazon Bedrock's, with the columns and types
--   of the Athena table of the same name (product a map), plus the billing period of its folder. A native
--   table, not a view over the Parquet files: DuckDB cannot bind a view over a folder that holds no file.
--   reconcile empties it (raw_cur2__reset) and reloads it from incoming/billing/cur/cur2/ (raw_cur2__loaded)
--   when Parquet files are there.
-- grain: one row per CUR line item
-- depends_on: none
-- params: none
create table if not exists raw_cur2 (
  identity_line_item_id varchar,
  bill_billing_entity varchar,
  bill_payer_account_id varchar,
  bill_billing_period_start_date timestamp,
  line_item_usage_account_id varchar,
  line_item_line_item_type varchar,
  line_item_usage_start_date timestamp,
  line_item_usage_end_date timestamp,
  line_item_product_code varchar,
  line_item_usage_type varchar,
  line_item_operation varchar,
  line_item_resource_id varchar,
  line_item_usage_amount double,
  line_item_currency_code varchar,
  line_item_unblended_cost double,
  line_item_line_item_description varchar,
  line_item_legal_entity varchar,
  product map(varchar, varchar),
  pricing_unit varchar,
  billing_period varchar
)
