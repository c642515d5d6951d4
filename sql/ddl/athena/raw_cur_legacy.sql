-- name: raw_cur_legacy
-- kind: ddl
-- description: The legacy AWS Cost and Usage Report (Parquet, Athena integration) read in place: only the columns
--   the Bedrock staging reads, typed as AWS's own Athena table types them (costs and amounts double, *_date
--   timestamp, the rest string; Parquet columns are matched by name, so a column a report lacks reads as
--   null). Convention: the report is named ai-unit-economics, delivered to this bucket with the S3 prefix
--   incoming/billing/cur/legacy, so its data lies under
--   incoming/billing/cur/legacy/ai-unit-economics/ai-unit-economics/year=YYYY/month=M/ (month not padded).
--   Partition projection finds the months; the report's status and manifest files lie elsewhere.
-- grain: one row per CUR line item
-- depends_on: none
-- params: none
create external table if not exists raw_cur_legacy (
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
  `product_product_name` string,
  `pricing_unit` string
)
partitioned by (`year` string, `month` string)
stored as parquet
location '{{lake}}/incoming/billing/cur/legacy/'
tblproperties (
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2020,2099',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'storage.location.template' = '{{lake}}/incoming/billing/cur/legacy/ai-unit-economics/ai-unit-economics/year=${year}/month=${month}/'
)
