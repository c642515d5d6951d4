import { decimalToPico, picoToDecimal } from '../money.ts';
import { sumCost, type UsageLine } from './billing-usage.ts';
import { AWS_PAYER_ACCOUNT, MODELS, PROVIDER_ACCOUNTS } from './catalog.ts';
import { toCsv } from './csv.ts';
import type { DemoFile } from './demo-file.ts';
import { type BillingMonth, DAY_MS, type DemoWindow, HOUR_MS, isoSecondsOf } from './demo-window.ts';
import { type BilledTokenType, fixedDecimal, roundPico } from './prices.ts';
import { hashText } from './random.ts';

/**
 * The Bedrock bill as an AWS Data Exports FOCUS 1.2 export (with the AWS `x_` columns):
 * `incoming/billing/focus/<export>/data/BILLING_PERIOD=YYYY-MM/<export>-00001.csv`, one
 * usage row per day, sub-account, model and token type; a promotional credit each month;
 * sales tax on closed months; and one usage row of the first month that arrives late, as
 * a `Correction` in the next billing period (the FOCUS late-arriving-usage example).
 * The model is in `ResourceId` (the foundation-model ARN), `SkuPriceDetails.ModelId` and,
 * as AWS's billing name, `x_UsageType`.
 */
export const FOCUS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
  'x_Discounts',
  'x_Operation',
  'x_ServiceCode',
  'x_UsageType',
] as const;
type FocusRow = Partial<Record<(typeof FOCUS_COLUMNS)[number], string>>;

const EXPORT_NAME = 'ai-unit-economics-focus';
const AWS = 'Amazon Web Services, Inc.';
const CREDIT_PERCENT = 15n;
const TAX_PERCENT = 6n;

/** How AWS names each Bedrock model on the bill; Claude is sold through AWS Marketplace. */
const BEDROCK_BILLING: Record<
  string,
  { display: string; billingName: string; publisher: string; marketplace: boolean }
> = {
  [MODELS.novaPro.model]: {
    display: 'Amazon Nova Pro',
    billingName: 'NovaPro',
    publisher: AWS,
    marketplace: false,
  },
  [MODELS.mistralLarge.model]: {
    display: 'Mistral Large (24.07)',
    billingName: 'MistralLarge2407',
    publisher: 'Mistral AI',
    marketplace: false,
  },
  [MODELS.bedrockHaiku.model]: {
    display: 'Claude 3.5 Haiku',
    billingName: 'Claude3.5Haiku',
    publisher: 'Anthropic',
    marketplace: true,
  },
};

const METERS: Record<
  BilledTokenType,
  { meter: string; usageType: string; marketplaceUsageType: string; label: string }
> = {
  input: {
    meter: 'Input Tokens',
    usageType: 'input-tokens',
    marketplaceUsageType: 'InputTokenCount',
    label: 'input',
  },
  output: {
    meter: 'Output Tokens',
    usageType: 'output-tokens',
    marketplaceUsageType: 'OutputTokenCount',
    label: 'output',
  },
  cached_input: {
    meter: 'Cache Read Input Tokens',
    usageType: 'cache-read-input-token-count',
    marketplaceUsageType: 'CacheReadInputTokenCount',
    label: 'cache read input',
  },
  cache_write: {
    meter: 'Cache Write Input Tokens',
    usageType: 'cache-write-input-token-count',
    marketplaceUsageType: 'CacheWriteInputTokenCount',
    label: 'cache write input',
  },
};

export function focusFiles(
  months: readonly BillingMonth[],
  lines: readonly UsageLine[],
  window: DemoWindow,
): DemoFile[] {
  const byMonth = months.map((month) => lines.filter((line) => inMonth(line, month)));
  // The last day's biggest line of the first month is delivered a period late.
  const late = months.length > 1 ? lateLine(byMonth[0] ?? []) : undefined;

  return months.flatMap((month, index) => {
    const usage = (byMonth[index] ?? []).filter((line) => line !== late);
    const rows: FocusRow[] = usage.map((line) => usageRow(line, month));
    if (late && index === 1) rows.push({ ...usageRow(late, month), ChargeClass: 'Correction' });
    // A credit or tax that rounds to nothing is not on the bill.
    for (const account of accountsOf(usage)) {
      const accountUsage = sumCost(usage.filter((line) => line.account === account));
      const credit = -roundPico((accountUsage * CREDIT_PERCENT) / 100n, 2);
      if (credit !== 0n) rows.push(adjustmentRow(month, account, 'Credit', credit, 'AWS Promotional Credit'));
      const tax = roundPico(((accountUsage + credit) * TAX_PERCENT) / 100n, 2);
      if (month.closed && tax !== 0n) {
        rows.push(adjustmentRow(month, account, 'Tax', tax, 'Tax for product code AmazonBedrock'));
      }
    }
    if (rows.length === 0) return [];
    const receivedAtMs = month.closed
      ? Math.min(month.endMs + DAY_MS + 3 * HOUR_MS, window.endMs)
      : window.endMs;
    return [
      {
        key: `incoming/billing/focus/${EXPORT_NAME}/data/BILLING_PERIOD=${month.period}/${EXPORT_NAME}-00001.csv`,
        body: toCsv(
          FOCUS_COLUMNS,
          rows.map((row) => FOCUS_COLUMNS.map((column) => row[column] ?? null)),
        ),
        receivedAt: new Date(receivedAtMs),
      },
    ];
  });
}

function inMonth(line: UsageLine, month: BillingMonth): boolean {
  return line.dayMs >= month.startMs && line.dayMs < month.endMs;
}

function lateLine(lines: readonly UsageLine[]): UsageLine | undefined {
  const lastDay = Math.max(...lines.map((line) => line.dayMs));
  return lines
    .filter((line) => line.dayMs === lastDay)
    .reduce<UsageLine | undefined>(
      (best, line) => (best && best.costPico >= line.costPico ? best : line),
      undefined,
    );
}

function accountsOf(lines: readonly UsageLine[]): string[] {
  return [...new Set(lines.map((line) => line.account))].sort();
}

function common(month: BillingMonth, account: string): FocusRow {
  return {
    BillingAccountId: AWS_PAYER_ACCOUNT,
    BillingAccountName: 'Demo Payer',
    BillingAccountType: 'Billing Account',
    BillingCurrency: 'USD',
    BillingPeriodStart: isoSecondsOf(month.startMs),
    BillingPeriodEnd: isoSecondsOf(month.endMs),
    InvoiceId: month.closed
      ? `${month.period.replace('-', '')}${String(hashText(month.period) % 100000).padStart(5, '0')}`
      : undefined,
    InvoiceIssuerName: AWS,
    ProviderName: 'AWS',
    RegionId: 'us-east-1',
    RegionName: 'US East (N. Virginia)',
    ServiceCategory: 'AI and Machine Learning',
    ServiceSubcategory: 'Generative AI',
    SubAccountId: account,
    SubAccountName:
      account === PROVIDER_ACCOUNTS.production.bedrock ? 'ai-workloads-prod' : 'ai-workloads-staging',
    SubAccountType: 'AWS Account',
  };
}

function usageRow(line: UsageLine, month: BillingMonth): FocusRow {
  const billing = BEDROCK_BILLING[line.model];
  if (!billing) throw new RangeError(`no AWS billing name for ${line.model}`);
  const meter = METERS[line.tokenType];
  // First-party models are priced per 1K tokens; Marketplace models per 1M.
  const perUnitTokens = billing.marketplace ? 1_000_000n : 1_000n;
  const unitPrice = picoToDecimal((decimalToPico(line.price.perMillion) * perUnitTokens) / 1_000_000n);
  const pricingQuantity = picoToDecimal((BigInt(line.tokens) * 10n ** 12n) / perUnitTokens);
  const cost = picoToDecimal(line.costPico);
  const skuId = skuCode(`${line.model}/${line.tokenType}`);
  return {
    ...common(month, line.account),
    BilledCost: cost,
    ChargeCategory: 'Usage',
    ChargeDescription: billing.marketplace
      ? `${billing.display} (Amazon Bedrock Edition) ${meter.label} tokens`
      : `$${unitPrice} per 1K ${meter.label} tokens for ${billing.display} in US East (N. Virginia)`,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodStart: isoSecondsOf(line.dayMs),
    ChargePeriodEnd: isoSecondsOf(line.dayMs + DAY_MS),
    ConsumedQuantity: String(line.tokens),
    ConsumedUnit: 'Tokens',
    ContractedCost: cost,
    ContractedUnitPrice: unitPrice,
    EffectiveCost: cost,
    ListCost: cost,
    ListUnitPrice: unitPrice,
    PricingCategory: 'Standard',
    PricingCurrency: 'USD',
    PricingCurrencyContractedUnitPrice: unitPrice,
    PricingCurrencyEffectiveCost: cost,
    PricingCurrencyListUnitPrice: unitPrice,
    PricingQuantity: pricingQuantity,
    PricingUnit: billing.marketplace ? '1M tokens' : '1K tokens',
    PublisherName: billing.publisher,
    ResourceId: `arn:aws:bedrock:us-east-1::foundation-model/${line.model}`,
    ResourceType: 'Foundation Model',
    ServiceName: billing.marketplace ? `${billing.display} (Amazon Bedrock Edition)` : 'Amazon Bedrock',
    SkuId: skuId,
    SkuMeter: meter.meter,
    SkuPriceDetails: JSON.stringify({
      ModelId: line.model,
      TokenDirection: line.tokenType === 'output' ? 'Output' : 'Input',
      ...(line.tokenType === 'output'
        ? {}
        : {
            TokenCacheAction: { input: 'Uncached', cached_input: 'Read', cache_write: 'Write' }[
              line.tokenType
            ],
          }),
    }),
    SkuPriceId: `${skuId}.JRTCKXETXF.${skuCode(`${skuId}/price`).slice(0, 10)}`,
    x_Operation: 'InvokeModelInference',
    x_ServiceCode: billing.marketplace ? 'AmazonBedrockFoundationModels' : 'AmazonBedrock',
    x_UsageType: billing.marketplace
      ? `USE1-MP:USE1_${meter.marketplaceUsageType}-Units`
      : `USE1-${billing.billingName}-${meter.usageType}`,
  };
}

function adjustmentRow(
  month: BillingMonth,
  account: string,
  category: 'Credit' | 'Tax',
  amountPico: bigint,
  description: string,
): FocusRow {
  const amount = fixedDecimal(amountPico, 2);
  return {
    ...common(month, account),
    BilledCost: amount,
    ChargeCategory: category,
    ChargeDescription: description,
    ChargeFrequency: category === 'Tax' ? 'Recurring' : 'One-Time',
    ChargePeriodStart: isoSecondsOf(month.usageStartMs),
    ChargePeriodEnd: isoSecondsOf(month.usageEndMs),
    ContractedCost: amount,
    EffectiveCost: amount,
    ListCost: amount,
    PublisherName: AWS,
    ServiceName: 'Amazon Bedrock',
    x_ServiceCode: 'AmazonBedrock',
  };
}

/** A stable AWS-looking SKU code (16 characters of A–Z and 0–9). */
function skuCode(text: string): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  let code = '';
  for (let round = 0; code.length < 16; round++) {
    let value = hashText(`${text}#${round}`);
    for (let i = 0; i < 6; i++) {
      code += alphabet[value % alphabet.length];
      value = Math.floor(value / alphabet.length);
    }
  }
  return code.slice(0, 16);
}
