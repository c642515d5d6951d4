import {
  type BillingLine,
  BillingLineSchema,
  CHARGE_CATEGORIES,
  type ChargeCategory,
} from '../billing-line.ts';
import { csvCell } from '../evidence/cells.ts';
import { canonicalDecimal } from '../evidence/decimal-text.ts';
import { providerName } from '../evidence/provider-name.ts';
import { checked, type EvidenceFile, type Reason, type RowResult, rejected } from '../evidence/row-result.ts';
import { tokenTypeOfText } from '../evidence/token-type.ts';
import { nextMonthStart, utcTimestamp } from '../evidence/utc-time.ts';
import { parseLineItem } from './openai-costs.ts';

/**
 * A plain invoice CSV, for providers with no export or API (DESIGN §6):
 * `billing_period, provider, account, description, category, amount, currency`, any
 * column order, extra columns ignored.
 *
 * - `billing_period`: `YYYY-MM` (or the period's first day `YYYY-MM-DD`); the charge
 *   period is that month, start to the next month's start.
 * - `category`: one of usage, tax, credit, refund, adjustment, commitment, fee (any case).
 * - `amount`: decimal in the currency's main unit (`-12.50`); credits are negative.
 * - `account`: both the billing account and the sub-account (a plain invoice names one).
 * - The model: an optional `sku_or_model` column; else, on a usage line, the description
 *   written `<model>, <what>` like OpenAI line items (`claude-sonnet-4-5, input tokens`),
 *   which also gives the token type.
 */
export const INVOICE_CSV_COLUMNS = [
  'billing_period',
  'provider',
  'account',
  'description',
  'category',
  'amount',
  'currency',
] as const;

export type InvoiceRowNormalizer = (fields: readonly string[], line: number) => RowResult<BillingLine>;

export function invoiceRowNormalizer(header: readonly string[], file: EvidenceFile): InvoiceRowNormalizer {
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
      const index = columns.get(column);
      return index === undefined ? null : csvCell(fields[index]);
    };
    const required = (column: (typeof INVOICE_CSV_COLUMNS)[number]): string | null => {
      const value = cell(column);
      if (value === null)
        reasons.push({
          path: column,
          message: columns.has(column) ? 'must not be empty' : `the file has no ${column} column`,
        });
      return value;
    };

    const periodText = required('billing_period');
    const periodStart = periodText === null ? null : periodStartOf(periodText);
    if (periodText !== null && periodStart === null)
      reasons.push({
        path: 'billing_period',
        message: `must be a month such as 2026-05, got "${periodText}"`,
      });

    const providerText = required('provider');
    const provider = providerText === null ? undefined : providerName(providerText);
    const account = required('account');
    const description = required('description');

    const categoryText = required('category');
    const category = CHARGE_CATEGORIES.find((name) => name === categoryText?.toLowerCase());
    if (categoryText !== null && category === undefined)
      reasons.push({
        path: 'category',
        message: `must be one of ${CHARGE_CATEGORIES.join(', ')}, got "${categoryText}"`,
      });

    const amountText = required('amount');
    const amount = amountText === null ? undefined : canonicalDecimal(amountText);
    if (amountText !== null && amount === undefined)
      reasons.push({
        path: 'amount',
        message: `must be a decimal number such as -12.50, got "${amountText}"`,
      });

    const currencyText = required('currency');
    const currency = currencyText?.toUpperCase();
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
      reasons.push({
        path: 'currency',
        message: `must be an ISO 4217 code such as USD, got "${currencyText}"`,
      });

    if (
      reasons.length > 0 ||
      periodStart === null ||
      provider === undefined ||
      category === undefined ||
      amount === undefined ||
      currency === undefined
    )
      return rejected(reasons);

    const described = describedUsage(category, description);
    return checked(BillingLineSchema, {
      billing_period_start: periodStart,
      charge_period_start: `${periodStart}T00:00:00.000Z`,
      charge_period_end: nextMonthStart(periodStart),
      provider,
      billing_account_id: account,
      sub_account_id: account,
      service: null,
      sku_or_model: cell('sku_or_model') ?? described.model,
      charge_category: category,
      charge_class: null,
      billed_cost: amount,
      effective_cost: amount,
      currency,
      consumed_quantity: null,
      consumed_unit: null,
      source: 'invoice-csv',
      source_line_id: `invoice-csv|${file.key}|${line}`,
      token_type: described.tokenType,
      charge_description: description,
      source_key: file.key,
      source_line: line,
      source_received_at: file.receivedAt,
    });
  };
}

/** `2026-05` or `2026-05-01` → `2026-05-01`; null when it is not a real month or date. */
function periodStartOf(text: string): string | null {
  const date = /^\d{4}-\d{2}$/.test(text) ? `${text}-01` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return utcTimestamp(date) === undefined ? null : date;
}

function describedUsage(category: ChargeCategory, description: string | null) {
  if (category !== 'usage' || description === null) return { model: null, tokenType: null };
  const { model, kind } = parseLineItem(description);
  return { model, tokenType: model === null ? null : tokenTypeOfText(kind) };
}
