import { z } from 'zod';
import { type BillingLine, BillingLineSchema, type ChargeCategory } from '../billing-line.ts';
import { type Bucket, type ResultPosition, readBucketPage } from '../evidence/bucket-pages.ts';
import { blankToNull } from '../evidence/cells.ts';
import { decimalOf, shiftDecimal } from '../evidence/decimal-text.ts';
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
import { monthStartOf, utcTimestamp } from '../evidence/utc-time.ts';

/**
 * Anthropic Admin API cost report pages (`GET /v1/organizations/cost_report`, as
 * `land-billing` stores them) → billing lines. `amount` is a decimal string in the
 * currency's LOWEST unit (cents): "123.45" USD is $1.2345, divided by 100 by moving the
 * decimal point, never through a float.
 *
 * Mapping: `cost_type` `tokens` (or none, on a page not grouped by description) is
 * `usage`; `web_search`, `code_execution` and any other cost type are non-token `fee`s.
 * `sku_or_model` is the model (a fee without one: its description or cost type);
 * `token_type` comes from `token_type` (`cache_creation.*` → cache_write).
 * `workspace_id` is the sub-account (null: the default workspace); the organization is
 * not named: no billing account. The billing period is the bucket's UTC calendar month.
 */
const Text = z.string().nullish();
const ResultSchema = z.object({
  amount: z.union([z.string(), z.number()]),
  currency: z.string(),
  workspace_id: Text,
  description: Text,
  cost_type: Text,
  token_type: Text,
  model: Text,
  service_tier: Text,
  context_window: Text,
  inference_geo: Text,
});

export function normalizeAnthropicCostsPage(page: unknown, file: EvidenceFile): PageRow<BillingLine>[] {
  return readBucketPage<BillingLine>(page, {
    bucketTimes: anthropicBucketTimes,
    normalize: (result, bucket, at) => normalizeResult(result, bucket, at, file),
  });
}

/** `starting_at`/`ending_at` in RFC 3339 (Anthropic cost and usage pages alike). */
export function anthropicBucketTimes(bucket: Record<string, unknown>): Bucket | Reason[] {
  const start = typeof bucket.starting_at === 'string' ? utcTimestamp(bucket.starting_at) : undefined;
  const end = typeof bucket.ending_at === 'string' ? utcTimestamp(bucket.ending_at) : undefined;
  const reasons: Reason[] = [];
  if (!start)
    reasons.push({
      path: 'starting_at',
      message: `must be an RFC 3339 timestamp, got ${JSON.stringify(bucket.starting_at)}`,
    });
  if (!end)
    reasons.push({
      path: 'ending_at',
      message: `must be an RFC 3339 timestamp, got ${JSON.stringify(bucket.ending_at)}`,
    });
  return start && end ? { start, end } : reasons;
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
  const cents = decimalOf(result.amount);
  const amount = cents === undefined ? undefined : shiftDecimal(cents, -2);
  if (amount === undefined)
    reasons.push({
      path: `${path}.amount`,
      message: `must be a decimal string in cents such as "123.45", got ${JSON.stringify(result.amount)}`,
    });
  const currency = result.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    reasons.push({
      path: `${path}.currency`,
      message: `must be an ISO 4217 code such as "USD", got "${result.currency}"`,
    });
  if (amount === undefined || reasons.length > 0) return rejected(reasons);

  const [workspace, description, costType, tokenTypeName, model] = [
    result.workspace_id,
    result.description,
    result.cost_type,
    result.token_type,
    result.model,
  ].map(blankToNull);
  const category: ChargeCategory = costType === null || costType === 'tokens' ? 'usage' : 'fee';
  const grouping = [
    workspace,
    description,
    model,
    tokenTypeName,
    costType,
    result.service_tier,
    result.context_window,
    result.inference_geo,
  ];
  return checked(BillingLineSchema, {
    billing_period_start: monthStartOf(bucket.start),
    charge_period_start: bucket.start,
    charge_period_end: bucket.end,
    provider: 'anthropic',
    billing_account_id: null,
    sub_account_id: workspace ?? null,
    service: costType ?? null,
    sku_or_model: model ?? (category === 'fee' ? (description ?? costType ?? null) : null),
    charge_category: category,
    charge_class: null,
    billed_cost: amount,
    effective_cost: amount,
    currency,
    consumed_quantity: null,
    consumed_unit: null,
    source: 'anthropic-costs',
    source_line_id: ['anthropic-costs', bucket.start, ...grouping.map((value) => value ?? '')].join('|'),
    token_type: tokenTypeOfText(tokenTypeName),
    charge_description: description ?? null,
    source_key: file.key,
    source_line: line,
    source_received_at: file.receivedAt,
  });
}
