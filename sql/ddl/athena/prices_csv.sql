-- name: prices_csv
-- kind: ddl
-- description: The verified pricing table as its CSV files under config/pricing/, every cell as text (the
--   job validates each file with the price-book schema before any query reads it). Columns in the
--   PRICE_COLUMNS order; the header line is skipped.
-- grain: one row per CSV line
-- depends_on: none
-- params: none
create external table if not exists prices_csv (
  `provider` string,
  `model_or_deployment` string,
  `billing_category` string,
  `token_type` string,
  `unit_tokens` string,
  `price` string,
  `currency` string,
  `effective_from` string,
  `effective_to` string,
  `pricing_source` string,
  `contract_ref` string
)
row format serde 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
location '{{lake}}/config/pricing/'
tblproperties ('skip.header.line.count' = '1')
