-- name: raw_cur2__loaded
-- kind: query
-- description: Copies the line items that can be Amazon Bedrock's (product code AmazonBedrock*, or a product name
--   naming Bedrock: the Marketplace editions) from the CUR 2.0 Parquet files under
--   incoming/billing/cur/cur2/<export>/data/BILLING_PERIOD=YYYY-MM/ into raw_cur2; the staging view decides
--   exactly which are. Run only when such files exist: read_parquet fails on a folder with none.
-- grain: one row per CUR line item
-- depends_on: raw_cur2
-- params: none
insert into raw_cur2
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
  product,
  pricing_unit,
  cast(billing_period as varchar)
from read_parquet(
  '{{lake}}/incoming/billing/cur/cur2/*/data/BILLING_PERIOD=*/*.parquet',
  hive_partitioning = true,
  hive_types = {'BILLING_PERIOD': 'VARCHAR'},
  union_by_name = true
)
where line_item_product_code like 'AmazonBedrock%'
  or product['product_name'] like '%Bedrock%'
