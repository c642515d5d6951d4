-- name: raw_cur2
-- kind: ddl
-- description: CUR 2.0 from AWS Data Exports (Parquet) read in place: only the columns the Bedrock staging reads,
--   typed as the CUR 2.0 table dictionary types them (product is a map; costs and amounts double; *_date
--   timestamp). Convention: the export is named ai-unit-economics-cur2, delivered to this bucket with the S3
--   prefix incoming/billing/cur/cur2, so its data lies under
--   incoming/billing/cur/cur2/ai-unit-economics-cur2/data/BILLING_PERIOD=YYYY-MM/. Partition projection
--   finds the months; the export's metadata files lie elsewhere. The export's query must select these columns.
-- grain: one row per CUR line item
-- depends_on: none
-- params: none
create external table if not exists raw_cur2 (
  `identity_line_item_id` string,
  `bill_billing_entity` string,
  `bill_payer_account_id` string,
  `bill_billing_period_start_date` timestamp,
  `line_item_usage_account_id` string,
  `line_item_line_item_type` string,
  `line_item_usage_start_date` timestamp,
  `line_item_usage_end_date` timestamp,
  `line_item_product_code` string,
  `line_item_usage_type` string,
  `line_item_operation` string,
  `line_item_resource_id` string,
  `line_item_usage_amount` double,
  `line_item_currency_code` string,
  `line_item_unblended_cost` double,
  `line_item_line_item_description` string,
  `line_item_legal_entity` string,
  `product` map<string, string>,
  `pricing_unit` string
)
partitioned by (`billing_period` string)
stored as parquet
location '{{lake}}/incoming/billing/cur/cur2/'
tblproperties (
  'projection.enabled' = 'true',
  'projection.billing_period.type' = 'date',
  'projection.billing_period.format' = 'yyyy-MM',
  'projection.billing_period.range' = '2020-01,NOW',
  'projection.billing_period.interval' = '1',
  'projection.billing_period.interval.unit' = 'MONTHS',
  'storage.location.template' = '{{lake}}/incoming/billing/cur/cur2/ai-unit-economics-cur2/data/BILLING_PERIOD=${billing_period}/'
)
