-- name: stg_cur__bedrock_line_items
-- kind: view
-- description: Amazon Bedrock's line items of the AWS Cost and Usage Report, legacy (raw_cur_legacy) and CUR 2.0
--   (raw_cur2), in the BillingLine shape (FORMATS.md §1). Bedrock is AWS's product codes AmazonBedrock,
--   AmazonBedrockService, AmazonBedrockFoundationModels and AmazonBedrockAgentCore, plus the models AWS
--   Marketplace bills (billing entity "AWS Marketplace", product "<model> (Amazon Bedrock Edition)"), as AWS's
--   CUDOS dashboard classifies them. line_item_line_item_type gives the charge category by CUDOS's grouping:
--   Usage, FlatRateSubscription and the RI/SP-covered usage (DiscountedUsage, SavingsPlanCoveredUsage,
--   SavingsPlanNegation, which nets it) are usage; RIFee and the Savings Plan fees commitment; Fee fee;
--   Credit, Refund, Tax themselves; *Discount and anything else adjustment. The model: the id in a
--   foundation-model or inference-profile resource ARN (what cost events name), another Bedrock ARN whole
--   (an application inference profile), a Marketplace product name without "(Amazon Bedrock Edition)", else
--   a usage line's billing name from its usage type: the usage type minus its region prefix (USE1-, EUC1-, or
--   none) and minus its token and tier suffix, which starts at the first -input, -output, -cache-read,
--   -cache-write, -text-/-speech- before those, -mantle, -reserved, -batch, -flex, -priority,
--   -latency-optimized, -cross-region, -global or -search-units (USE1-Claude3Haiku-input-tokens: Claude3Haiku;
--   USE1-Llama3-1-405B-output-tokens-batch: Llama3-1-405B); with a region prefix and no such suffix, the rest
--   after the prefix; a Marketplace usage type (MP:) names none. The FOCUS normalizer applies the same rule,
--   with the same patterns (lambdas/domain/evidence/bedrock-billing-name.ts lists the sources of the
--   spellings); reconciliation meets billing names with model ids through the settings'
--   reconciliation.bedrock_billing_names. A non-usage line without an ARN (tax, credit, discount) names no
--   model and goes to its account. The token
--   type (cache read, cache write, input, output, in that order), billing category (batch, flex, priority,
--   else standard) and inference scope (global, cross_region) come from the usage type. Quantities in 1K or
--   1M tokens (or Marketplace units a description calls millions) become Tokens; other units stay as billed.
--   CUR costs are doubles with about 10 decimals: cast to decimal(38, 12) once, here. effective_cost is the
--   unblended cost (no RI/SP amortisation for Bedrock). source_line_id is the natural key of FORMATS.md §8.1
--   plus identity_line_item_id, unique within the current delivery (CUR rewrites a month whole). dt is the
--   billing period start as text, from the partition folders, so a filter on it prunes on Athena.
-- grain: one row per CUR line item of Amazon Bedrock
-- depends_on: raw_cur_legacy, raw_cur2
-- params: none
create or replace view stg_cur__bedrock_line_items as
with

legacy as (
  select
    'legacy' as cur_version,
    concat(year, '-', lpad(month, 2, '0'), '-01') as dt,
    identity_line_item_id,
    bill_billing_entity,
    bill_payer_account_id,
    bill_billing_period_start_date,
    line_item_usage_account_id,
    line_item_line_item_type,
    line_item_usage_start_date,
    line_item_usage_end_date,
    line_item_product_code,
    line_item_usage_type,
    line_item_operation,
    line_item_resource_id,
    line_item_usage_amount,
    line_item_currency_code,
    line_item_unblended_cost,
    line_item_line_item_description,
    line_item_legal_entity,
    product_product_name as product_name,
    pricing_unit
  from raw_cur_legacy
),

cur2 as (
  select
    'cur2' as cur_version,
    concat(billing_period, '-01') as dt,
    identity_line_item_id,
    bill_billing_entity,
    bill_payer_account_id,
    bill_billing_period_start_date,
    line_item_usage_account_id,
    line_item_line_item_type,
    line_item_usage_start_date,
    line_item_usage_end_date,
    line_item_product_code,
    line_item_usage_type,
    line_item_operation,
    line_item_resource_id,
    line_item_usage_amount,
    line_item_currency_code,
    line_item_unblended_cost,
    line_item_line_item_description,
    line_item_legal_entity,
    element_at(product, 'product_name') as product_name,
    pricing_unit
  from raw_cur2
),

line_items as (
  select * from legacy
  union all
  select * from cur2
),

bedrock as (
  select * from line_items
  where (
      coalesce(bill_billing_entity, 'AWS') <> 'AWS Marketplace'
      and line_item_product_code in (
        'AmazonBedrock', 'AmazonBedrockService', 'AmazonBedrockFoundationModels', 'AmazonBedrockAgentCore'
      )
    )
    or (bill_billing_entity = 'AWS Marketplace' and product_name like '%(Amazon Bedrock Edition)%')
),

classified as (
  select
    bedrock.*,
    lower(coalesce(line_item_usage_type, '')) as usage_type,
    case
      when line_item_line_item_type in (
        'Usage', 'FlatRateSubscription', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation'
      ) then 'usage'
      when line_item_line_item_type in ('RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee')
        then 'commitment'
      when line_item_line_item_type = 'Fee' then 'fee'
      when line_item_line_item_type = 'Credit' then 'credit'
      when line_item_line_item_type = 'Refund' then 'refund'
      when line_item_line_item_type = 'Tax' then 'tax'
      else 'adjustment'
    end as charge_category,
    nullif(
      regexp_extract(
        coalesce(line_item_resource_id, ''),
        '^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)/(.+)$',
        1
      ),
      ''
    ) as resource_model,
    case
      when strpos(coalesce(line_item_usage_type, ''), 'MP:') = 0 then coalesce(
        nullif(
          regexp_extract(
            line_item_usage_type,
            '^(?:[A-Z]{3}[0-9]+-)?(.+?)-(?:(?:text|speech)-)?(?:input|output|cache-read|cache-write|mantle|reserved|batch|flex|priority|latency-optimized|cross-region|global|search-units)(?:-|$)',
            1
          ),
          ''
        ),
        nullif(regexp_extract(line_item_usage_type, '^[A-Z]{3}[0-9]+-(.+)$', 1), '')
      )
    end as usage_type_billing_name,
    cast(line_item_unblended_cost as decimal(38, 12)) as cost,
    cast(line_item_usage_amount as decimal(38, 12)) as usage_amount
  from bedrock
),

described as (
  select
    classified.*,
    case
      when charge_category <> 'usage' then null
      when strpos(usage_type, 'cacheread') > 0 or strpos(usage_type, 'cache-read') > 0
        or strpos(usage_type, 'cache_read') > 0 then 'cached_input'
      when strpos(usage_type, 'cachewrite') > 0 or strpos(usage_type, 'cache-write') > 0
        or strpos(usage_type, 'cache_write') > 0 then 'cache_write'
      when strpos(usage_type, 'input') > 0 then 'input'
      when strpos(usage_type, 'output') > 0 then 'output'
    end as token_type,
    case
      when charge_category <> 'usage' then null
      when strpos(usage_type, 'batch') > 0 then 'batch'
      when strpos(usage_type, 'flex') > 0 then 'flex'
      when strpos(usage_type, 'priority') > 0 then 'priority'
      else 'standard'
    end as billing_category,
    case
      when strpos(usage_type, 'global') > 0 then 'global'
      when strpos(usage_type, 'cross-region') > 0 or strpos(usage_type, 'crossregion') > 0 then 'cross_region'
    end as inference_scope,
    case
      when lower(pricing_unit) = '1k tokens' then 1000
      when lower(pricing_unit) = '1m tokens' then 1000000
      when bill_billing_entity = 'AWS Marketplace'
        and lower(coalesce(split_part(line_item_line_item_description, '|', 3), '')) like '%million%'
        then 1000000
    end as tokens_per_unit
  from classified
),

final as (
  select
    cast(bill_billing_period_start_date as date) as billing_period_start,
    line_item_usage_start_date as charge_period_start,
    line_item_usage_end_date as charge_period_end,
    'bedrock' as provider,
    bill_payer_account_id as billing_account_id,
    line_item_usage_account_id as sub_account_id,
    coalesce(product_name, line_item_product_code) as service,
    coalesce(
      resource_model,
      case when line_item_resource_id like 'arn:aws%:bedrock:%' then line_item_resource_id end,
      case
        when bill_billing_entity = 'AWS Marketplace'
          then trim(replace(product_name, '(Amazon Bedrock Edition)', ''))
      end,
      case when charge_category = 'usage' then usage_type_billing_name end
    ) as sku_or_model,
    charge_category,
    cast(null as varchar) as charge_class,
    cost as billed_cost,
    cost as effective_cost,
    line_item_currency_code as currency,
    case when tokens_per_unit is null then usage_amount else usage_amount * tokens_per_unit end
      as consumed_quantity,
    case when tokens_per_unit is null then nullif(pricing_unit, '') else 'Tokens' end as consumed_unit,
    'cur' as source,
    concat_ws(
      '|',
      cur_version,
      dt,
      coalesce(line_item_usage_account_id, ''),
      coalesce(line_item_product_code, ''),
      coalesce(line_item_usage_type, ''),
      coalesce(line_item_operation, ''),
      coalesce(line_item_resource_id, ''),
      coalesce(cast(line_item_usage_start_date as varchar), ''),
      coalesce(line_item_line_item_type, ''),
      coalesce(line_item_legal_entity, ''),
      coalesce(identity_line_item_id, '')
    ) as source_line_id,
    token_type,
    billing_category,
    inference_scope,
    line_item_line_item_description as charge_description,
    cur_version,
    line_item_usage_type as usage_type,
    line_item_line_item_type as line_item_type,
    dt
  from described
)

select * from final
