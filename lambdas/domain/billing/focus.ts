import { type BillingLine, BillingLineSchema, type ChargeCategory } from '../billing-line.ts';
import { bedrockBillingNameOfUsageType, bedrockMarketplaceModel } from '../evidence/bedrock-billing-name.ts';
import { bedrockModelOfResource } from '../evidence/bedrock-model.ts';
import { csvCell } from '../evidence/cells.ts';
import { canonicalDecimal } from '../evidence/decimal-text.ts';
import { isBedrockService, providerName } from '../evidence/provider-name.ts';
import { checked, type EvidenceFile, type Reason, type RowResult, rejected } from '../evidence/row-result.ts';
import { type BilledTokenType, tokenTypeOfText } from '../evidence/token-type.ts';
import { utcDateOf, utcTimestamp } from '../evidence/utc-time.ts';

/**
 * FOCUS 1.0–1.2 cost-and-usage rows (CSV, any cloud, AWS Data Exports included) →
 * billing lines. Tolerates what real exports hold (FORMATS.md §2, §8.7): `NULL`, `null`,
 * `(null)` and empty cells; timestamps with or without `T`/`Z`; extra and `x_` columns;
 * column names and enumeration values in any case (`Usage-based`); several clouds in one
 * file. Columns are found by name, so their order does not matter.
 *
 * Charge category (`ChargeCategory`, then `ChargeClass`):
 * - Usage → `usage`, except a commitment's unused share (`CommitmentDiscountStatus` =
 *   Unused: BilledCost 0, EffectiveCost > 0) → `commitment`: it is the commitment's cost,
 *   not consumption of any model.
 * - Purchase → `commitment` when the row names a commitment discount (the FOCUS 1.2
 *   commitment scenarios: one-time or recurring purchase, EffectiveCost 0); any other
 *   purchase (a support plan, a marketplace fee) → `fee`. Usage a commitment covers stays
 *   `usage`: BilledCost 0 (the money is on the purchase line), EffectiveCost the
 *   amortised share, so billed and amortised views both add up.
 * - Tax → `tax`, Credit → `credit` (FOCUS has no refund category; refunds come as
 *   credits), Adjustment → `adjustment`.
 * - `ChargeClass` = Correction → `charge_class` `correction`, category kept. A correction
 *   keeps its `ChargePeriod*` (the period it corrects) and lands in its own
 *   `BillingPeriodStart`, where the invoice that carries it is.
 *
 * Provider: `ProviderName`, else the post-1.2 `ServiceProviderName`, else
 * `HostProviderName`, lower-cased (evidence/provider-name.ts); Amazon Bedrock rows
 * (`ServiceName` or `x_ServiceCode` naming Bedrock) are `bedrock`.
 *
 * `sku_or_model`, first found: `SkuPriceDetails.ModelId` (FOCUS 1.1+ AI columns), an
 * `x_ModelId`/`x_Model` column, the model in a Bedrock `ResourceId` ARN, a Bedrock
 * Marketplace product's model (`ServiceName` without "(Amazon Bedrock Edition)"), the
 * billing name in a Bedrock row's `x_UsageType` (`USE1-Claude3Haiku-input-tokens` →
 * `Claude3Haiku`: the CUR's rule, evidence/bedrock-billing-name.ts), `SkuId`.
 * `token_type`: `SkuPriceDetails` TokenDirection/TokenCacheAction, else a token
 * `SkuMeter`, else a Bedrock `x_UsageType`.
 * `effective_cost` is `EffectiveCost`, or `BilledCost` where an export leaves it null.
 * `billing_account_id` is `BillingAccountId`, `sub_account_id` `SubAccountId`.
 */
export type FocusRowNormalizer = (fields: readonly string[], line: number) => RowResult<BillingLine>;

const CATEGORIES = ['usage', 'purchase', 'tax', 'credit', 'adjustment'] as const;
/** FOCUS ≤ 1.2 names the provider in ProviderName; the post-1.2 draft in ServiceProviderName/HostProviderName. */
const PROVIDER_COLUMNS = ['ProviderName', 'ServiceProviderName', 'HostProviderName'] as const;

/** Reads the header once; the returned function normalizes one row's fields. */
export function focusRowNormalizer(header: readonly string[], file: EvidenceFile): FocusRowNormalizer {
  const columns = new Map<string, number>();
  for (const [index, name] of header.entries()) {
    const key = name.trim().toLowerCase();
    if (!columns.has(key)) columns.set(key, index);
  }

  return (fields, line) => {
    if (fields.length !== header.length) {
      return rejected([
        { path: '', message: `has ${fields.length} fields where the header has ${header.length}` },
      ]);
    }
    const reasons: Reason[] = [];
    const cell = (column: string): string | null => {
      const index = columns.get(column.toLowerCase());
      return index === undefined ? null : csvCell(fields[index]);
    };
    const required = (column: string): string | null => {
      const value = cell(column);
      if (value === null) {
        const message = columns.has(column.toLowerCase())
          ? 'must not be empty or NULL'
          : `the file has no ${column} column`;
        reasons.push({ path: column, message });
      }
      return value;
    };
    const timestamp = (column: string): string | null => {
      const text = required(column);
      if (text === null) return null;
      const iso = utcTimestamp(text);
      if (iso === undefined)
        reasons.push({
          path: column,
          message: `must be a UTC timestamp such as 2024-09-01T00:00:00Z, got "${text}"`,
        });
      return iso ?? null;
    };
    const decimal = (column: string, text: string | null): string | null => {
      if (text === null) return null;
      const value = canonicalDecimal(text);
      if (value === undefined)
        reasons.push({ path: column, message: `must be a decimal number, got "${text}"` });
      return value ?? null;
    };

    const billingPeriodStart = timestamp('BillingPeriodStart');
    const chargePeriodStart = timestamp('ChargePeriodStart');
    const chargePeriodEnd = timestamp('ChargePeriodEnd');
    if (chargePeriodStart && chargePeriodEnd && chargePeriodEnd < chargePeriodStart)
      reasons.push({
        path: 'ChargePeriodEnd',
        message: `is before ChargePeriodStart (${chargePeriodStart})`,
      });
    const billedCost = decimal('BilledCost', required('BilledCost'));
    const effectiveCost = decimal('EffectiveCost', cell('EffectiveCost')) ?? billedCost;
    const consumedQuantity = decimal('ConsumedQuantity', cell('ConsumedQuantity'));

    const currencyText = required('BillingCurrency');
    const currency = currencyText?.toUpperCase() ?? null;
    if (currency !== null && !/^[A-Z]{3}$/.test(currency))
      reasons.push({
        path: 'BillingCurrency',
        message: `must be an ISO 4217 code such as USD, got "${currencyText}"`,
      });

    const chargeCategory = categoryOf(cell, reasons);
    const chargeClass = classOf(cell('ChargeClass'), reasons);

    const bedrock = isBedrockService(cell('ServiceName'), cell('x_ServiceCode'));
    const providerText = PROVIDER_COLUMNS.map(cell).find((text) => text !== null) ?? null;
    const provider = bedrock ? 'bedrock' : providerText === null ? undefined : providerName(providerText);
    if (provider === undefined) {
      const named = PROVIDER_COLUMNS.some((column) => columns.has(column.toLowerCase()));
      reasons.push({
        path: 'ProviderName',
        message: named
          ? 'must name the provider (or ServiceProviderName or HostProviderName must); all are empty or NULL'
          : 'the file has no ProviderName column (nor ServiceProviderName or HostProviderName)',
      });
    }

    if (
      reasons.length > 0 ||
      billingPeriodStart === null ||
      chargePeriodStart === null ||
      chargePeriodEnd === null ||
      billedCost === null ||
      effectiveCost === null ||
      currency === null ||
      chargeCategory === null ||
      provider === undefined
    )
      return rejected(reasons);

    const details = skuPriceDetails(cell('SkuPriceDetails'));
    const model =
      textOf(details?.ModelId) ??
      cell('x_ModelId') ??
      cell('x_Model') ??
      bedrockModelOfResource(cell('ResourceId')) ??
      (bedrock
        ? (bedrockMarketplaceModel(cell('ServiceName')) ?? bedrockBillingNameOfUsageType(cell('x_UsageType')))
        : null) ??
      cell('SkuId');

    return checked(BillingLineSchema, {
      billing_period_start: utcDateOf(billingPeriodStart),
      charge_period_start: chargePeriodStart,
      charge_period_end: chargePeriodEnd,
      provider,
      billing_account_id: cell('BillingAccountId'),
      sub_account_id: cell('SubAccountId'),
      service: cell('ServiceName'),
      sku_or_model: model,
      charge_category: chargeCategory,
      charge_class: chargeClass,
      billed_cost: billedCost,
      effective_cost: effectiveCost,
      currency,
      consumed_quantity: consumedQuantity,
      consumed_unit: cell('ConsumedUnit'),
      source: 'focus',
      source_line_id: `focus|${file.key}|${line}`,
      token_type: tokenTypeOf(details, cell, bedrock),
      charge_description: cell('ChargeDescription'),
      source_key: file.key,
      source_line: line,
      source_received_at: file.receivedAt,
    });
  };
}

type Cell = (column: string) => string | null;

function categoryOf(cell: Cell, reasons: Reason[]): ChargeCategory | null {
  const text = cell('ChargeCategory');
  const category = CATEGORIES.find((name) => name === text?.toLowerCase());
  if (!category) {
    reasons.push({
      path: 'ChargeCategory',
      message: `must be one of Usage, Purchase, Tax, Credit, Adjustment, got ${text === null ? 'nothing' : `"${text}"`}`,
    });
    return null;
  }
  if (category === 'usage')
    return cell('CommitmentDiscountStatus')?.toLowerCase() === 'unused' ? 'commitment' : 'usage';
  if (category === 'purchase') {
    const namesCommitment =
      cell('CommitmentDiscountId') ?? cell('CommitmentDiscountCategory') ?? cell('CommitmentDiscountType');
    return namesCommitment === null ? 'fee' : 'commitment';
  }
  return category;
}

function classOf(text: string | null, reasons: Reason[]): 'correction' | null {
  if (text === null) return null;
  if (text.toLowerCase() === 'correction') return 'correction';
  reasons.push({ path: 'ChargeClass', message: `must be Correction or null, got "${text}"` });
  return null;
}

/** `SkuPriceDetails` is a JSON object; one that does not parse only costs us the model. */
function skuPriceDetails(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function tokenTypeOf(
  details: Record<string, unknown> | null,
  cell: Cell,
  bedrock: boolean,
): BilledTokenType | null {
  const direction = textOf(details?.TokenDirection)?.toLowerCase();
  if (direction === 'output') return 'output';
  if (direction === 'input') {
    const cache = textOf(details?.TokenCacheAction)?.toLowerCase();
    return cache === 'read' ? 'cached_input' : cache === 'write' ? 'cache_write' : 'input';
  }
  const meter = cell('SkuMeter');
  const tokenUnits = [meter, cell('ConsumedUnit'), cell('PricingUnit')].some(
    (text) => text && /token/i.test(text),
  );
  if (tokenUnits) {
    const fromMeter = tokenTypeOfText(meter);
    if (fromMeter) return fromMeter;
  }
  return bedrock ? tokenTypeOfText(cell('x_UsageType')) : null;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
