import { z } from 'zod';
import { type BillingLine, BillingLineSchema, type ChargeCategory } from '../billing-line.ts';
import { type Bucket, type ResultPosition, readBucketPage } from '../evidence/bucket-pages.ts';
import { blankToNull } from '../evidence/cells.ts';
import { decimalOf } from '../evidence/decimal-text.ts';
import {
  checked,
  type EvidenceFile,
  type PageRow,
  type Reason,
  type RowResult,
  reasonsOf,
  rejected,
} from '../evidence/row-result.ts';
import { tokenTypeOfText } from '../evidence/token-type.ts';
import { monthStartOf, unixSecondsToUtc } from '../evidence/utc-time.ts';

/**
 * OpenAI organization Costs API pages (`GET /v1/organization/costs`, as `land-billing`
 * stores them) → billing lines. `amount.value` is a JSON number (a string is taken too)
 * kept as its exact decimal text; `currency` is lower-case ("usd") and comes out upper.
 *
 * Mapping: `line_item` `"<model>, <kind>"` (`gpt-4o-2024-08-06, cached input (batch)`)
 * gives `sku_or_model` = the model and the token type. A line item naming token input or
 * output is `usage`; any other line item (tool calls, storage, sessions) is a non-token
 * `fee` with the line item as its SKU. A result without a line item (a page pulled
 * without `group_by=line_item`) is the day's whole spend: `usage`, no model.
 * `project_id` is the sub-account; the organization is not named: no billing account.
 * The billing period is the bucket's UTC calendar month.
 */
const ResultSchema = z.object({
  amount: z.object({ value: z.union([z.number(), z.string()]), currency: z.string() }),
  line_item: z.string().nullish(),
  project_id: z.string().nullish(),
  api_key_id: z.string().nullish(),
  quantity: z.union([z.number(), z.string()]).nullish(),
  quantity_unit: z.string().nullish(),
});

export function normalizeOpenAiCostsPage(page: unknown, file: EvidenceFile): PageRow<BillingLine>[] {
  return readBucketPage<BillingLine>(page, {
    bucketTimes: openAiBucketTimes,
    normalize: (result, bucket, at) => normalizeResult(result, bucket, at, file),
  });
}

/** `start_time`/`end_time` in unix seconds (OpenAI costs and usage pages alike). */
export function openAiBucketTimes(bucket: Record<string, unknown>): Bucket | Reason[] {
  const start = typeof bucket.start_time === 'number' ? unixSecondsToUtc(bucket.start_time) : undefined;
  const end = typeof bucket.end_time === 'number' ? unixSecondsToUtc(bucket.end_time) : undefined;
  const reasons: Reason[] = [];
  if (!start)
    reasons.push({
      path: 'start_time',
      message: `must be unix seconds, got ${JSON.stringify(bucket.start_time)}`,
    });
  if (!end)
    reasons.push({
      path: 'end_time',
      message: `must be unix seconds, got ${JSON.stringify(bucket.end_time)}`,
    });
  return start && end ? { start, end } : reasons;
}

/** `"gpt-4o-2024-08-06, cached input (batch)"` → model and token type; no comma, no model. */
export function parseLineItem(lineItem: string): { model: string | null; kind: string } {
  const comma = lineItem.indexOf(', ');
  if (comma < 0) return { model: null, kind: lineItem.trim() };
  return { model: lineItem.slice(0, comma).trim() || null, kind: lineItem.slice(comma + 2).trim() };
}

function normalizeResult(
  input: unknown,
  bucket: Bucket,
  { path, line }: ResultPosition,
  file: EvidenceFile,
): RowResult<BillingLine> {
  const parsed = ResultSchema.safeParse(input);
  if (!parsed.success) return rejected(reasonsOf(parsed.error, [path]));
  const result = parsed.data;
  const reasons: Reason[] = [];
  const amount = decimalOf(result.amount.value);
  if (amount === undefined)
    reasons.push({
      path: `${path}.amount.value`,
      message: `must be a number, got ${JSON.stringify(result.amount.value)}`,
    });
  const currency = result.amount.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    reasons.push({
      path: `${path}.amount.currency`,
      message: `must be an ISO 4217 code such as "usd", got "${result.amount.currency}"`,
    });
  const quantity = result.quantity == null ? null : decimalOf(result.quantity);
  if (quantity === undefined)
    reasons.push({
      path: `${path}.quantity`,
      message: `must be a number, got ${JSON.stringify(result.quantity)}`,
    });
  if (amount === undefined || quantity === undefined || reasons.length > 0) return rejected(reasons);

  const lineItem = blankToNull(result.line_item);
  const { model, kind } = lineItem ? parseLineItem(lineItem) : { model: null, kind: null };
  const tokenType = tokenTypeOfText(kind);
  const category: ChargeCategory = lineItem === null || tokenType !== null ? 'usage' : 'fee';
  const project = blankToNull(result.project_id);
  const apiKey = blankToNull(result.api_key_id);
  return checked(BillingLineSchema, {
    billing_period_start: monthStartOf(bucket.start),
    charge_period_start: bucket.start,
    charge_period_end: bucket.end,
    provider: 'openai',
    billing_account_id: null,
    sub_account_id: project,
    service: null,
    sku_or_model: model ?? (category === 'fee' ? lineItem : null),
    charge_category: category,
    charge_class: null,
    billed_cost: amount,
    effective_cost: amount,
    currency,
    consumed_quantity: quantity,
    consumed_unit: blankToNull(result.quantity_unit),
    source: 'openai-costs',
    source_line_id: ['openai-costs', bucket.start, project ?? '', apiKey ?? '', lineItem ?? ''].join('|'),
    token_type: tokenType,
    charge_description: lineItem,
    source_key: file.key,
    source_line: line,
    source_received_at: file.receivedAt,
  });
}
