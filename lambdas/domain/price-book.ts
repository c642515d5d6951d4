import { z } from 'zod';
import { BillingCategory, CurrencyCode, ProviderName, Text } from './contract-fields.ts';
import { isDecimalString } from './money.ts';

/**
 * The verified pricing table (`config/pricing/*.csv`, DESIGN §6). Every CSV cell is a
 * string; this schema is the codec that turns a row into typed values.
 */
export const TOKEN_TYPES = [
  'input',
  'output',
  'cached_input',
  'cache_write',
  'reasoning',
  'request',
] as const;

export const PRICE_COLUMNS = [
  'provider',
  'model_or_deployment',
  'billing_category',
  'token_type',
  'unit_tokens',
  'price',
  'currency',
  'effective_from',
  'effective_to',
  'pricing_source',
  'contract_ref',
] as const;

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date (`2026-05-01`, midnight UTC) or an ISO instant with Z or offset, as UTC ISO. */
const Instant = z
  .string()
  .trim()
  .regex(DATE_OR_INSTANT, 'must be a date (2026-05-01) or an ISO 8601 instant with Z or an offset')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date')
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString());

export const PriceRowSchema = z.object({
  provider: ProviderName,
  model_or_deployment: Text,
  billing_category: BillingCategory,
  token_type: z.enum(TOKEN_TYPES),
  unit_tokens: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,11}$/, 'must be a positive whole number such as 1000000')
    .transform(Number),
  price: z
    .string()
    .trim()
    .refine(isDecimalString, 'must be a decimal number such as 3.00')
    .refine((value) => !value.startsWith('-'), 'must not be negative'),
  currency: CurrencyCode,
  effective_from: Instant,
  /** Empty: open-ended. The range is [effective_from, effective_to). */
  effective_to: z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(Instant.nullable()),
  pricing_source: Text,
  contract_ref: z
    .string()
    .optional()
    .transform((value) => value?.trim() || null),
});
export type PriceRow = z.infer<typeof PriceRowSchema>;

/** A price row with the place it was read from, so every problem names file and line. */
export interface LocatedPriceRow {
  readonly file: string;
  readonly line: number;
  readonly row: PriceRow;
}

export interface PriceBookProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

function priceKey(row: PriceRow): string {
  return [row.provider, row.model_or_deployment, row.billing_category, row.token_type].join(' / ');
}

/**
 * The checks across rows: a range that ends before it starts, two ranges of one key
 * that overlap, and a provider priced in more than one currency (a request's currency
 * is its provider's, so amounts of one provider must never need converting).
 */
export function checkPriceBook(rows: readonly LocatedPriceRow[]): PriceBookProblem[] {
  const problems: PriceBookProblem[] = [];
  const byKey = new Map<string, LocatedPriceRow[]>();
  const currencyOfProvider = new Map<string, LocatedPriceRow>();

  for (const located of rows) {
    const { row } = located;
    if (row.effective_to !== null && row.effective_to <= row.effective_from) {
      problems.push({
        ...where(located),
        field: 'effective_to',
        message: `effective_to ${row.effective_to} must be after effective_from ${row.effective_from}`,
      });
    }
    const first = currencyOfProvider.get(row.provider);
    if (!first) currencyOfProvider.set(row.provider, located);
    else if (first.row.currency !== row.currency) {
      problems.push({
        ...where(located),
        field: 'currency',
        message: `provider "${row.provider}" is priced in ${first.row.currency} at ${first.file}:${first.line} and in ${row.currency} here; one provider must use one currency`,
      });
    }
    const key = priceKey(row);
    byKey.set(key, [...(byKey.get(key) ?? []), located]);
  }

  for (const [key, group] of byKey) {
    const sorted = [...group].sort((a, b) => a.row.effective_from.localeCompare(b.row.effective_from));
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1] as LocatedPriceRow;
      const current = sorted[i] as LocatedPriceRow;
      const previousEnd = previous.row.effective_to;
      if (previousEnd === null || previousEnd > current.row.effective_from) {
        problems.push({
          ...where(current),
          field: 'effective_from',
          message: `the range for ${key} starting ${current.row.effective_from} overlaps the range at ${previous.file}:${previous.line} (${previous.row.effective_from} to ${previousEnd ?? 'open end'})`,
        });
      }
    }
  }
  return problems;
}

function where(located: LocatedPriceRow) {
  return { file: located.file, line: located.line };
}
