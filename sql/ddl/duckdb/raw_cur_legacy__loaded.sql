-- name: raw_cur_legacy__loaded
-- kind: query
-- description: Copies the line items that can be Amazon Bedrock's (product code AmazonBedrock*, or a product name
--   naming Bedrock: the Marketplace editions) from the legacy CUR Parquet files under
--   incoming/billing/cur/legacy/<prefix>/<report>/year=YYYY/month=M/ into raw_cur_legacy; the staging view
--   decides exactly which are. Files are matched by column name (union_by_name), as the legacy schema changes
--   from month to month; the columns listed must be in the report (resource IDs included). Run only when
--   such files exist: read_parquet fails on a folder with none.
-- grain: one row per CUR line item
-- depends_on: raw_cur_legacy
-- params: none
insert into raw_cur_legacy
select
  identity_line_item_id,
  bill_billing_entity,
  bill_payer_account_id,
  cast(bill_billing_period_start_date as timestamp),
  line_item_usage_account_id,
  line_item_line_item_type,
  cast(line_item_usage_start_date as timestamp),
  cast(line_item_usage_end_date as timestamp),
  line_item_product_code,
  line_item_usage_type,
  line_item_operation,
  line_item_resource_id,
  cast(line_item_usage_amount as double),
  line_item_currency_code,
  cast(line_item_unblended_cost as double),
  line_item_line_item_description,
  line_item_legal_entity,
  product_product_name,
  pricing_unit,
  cast(year as varchar),
  cast(month as varchar)
from read_parquet(
  '{{lake}}/incoming/billing/cur/legacy/*/*/year=*/month=*/*.parquet',
  hive_partitioning = true,
  hive_types = {'year': 'VARCHAR', 'month': 'VARCHAR'},
  union_by_name = true
)
where line_item_product_code like 'AmazonBedrock%'
  or product_product_name like '%Bedrock%'
