-- name: raw_billing_lines
-- kind: ddl
-- description: The billing lines land wrote to raw/billing_lines/dt=YYYY-MM-DD/ (BillingLine NDJSON, dt = the
--   billing period start), read in place by the OpenX JSON SerDe: money and timestamps stay text for staging to
--   cast; dt is found by partition projection (by day: a billing period need not start on the 1st), so no
--   partition is ever added or repaired.
-- grain: one row per landed copy of a billing line
-- depends_on: none
-- params: none
create external table if not exists raw_billing_lines (
  `billing_period_start` string,
  `charge_period_start` string,
  `charge_period_end` string,
  `provider` string,
  `billing_account_id` string,
  `sub_account_id` string,
  `service` string,
  `sku_or_model` string,
  `charge_category` string,
  `charge_class` string,
  `billed_cost` string,
  `effective_cost` string,
  `currency` string,
  `consumed_quantity` string,
  `consumed_unit` string,
  `source` string,
  `source_line_id` string,
  `token_type` string,
  `charge_description` string,
  `source_key` string,
  `source_line` bigint,
  `source_received_at` string
)
partitioned by (`dt` string)
row format serde 'org.openx.data.jsonserde.JsonSerDe'
location '{{lake}}/raw/billing_lines/'
tblproperties (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2020-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '{{lake}}/raw/billing_lines/dt=${dt}/'
)
