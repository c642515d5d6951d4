import { z } from 'zod';
import { anthropicBucketTimes } from '../billing/anthropic-costs.ts';
import { type Bucket, type ResultPosition, readBucketPage } from '../evidence/bucket-pages.ts';
import { blankToNull } from '../evidence/cells.ts';
import {
  checked,
  type EvidenceFile,
  type PageRow,
  type RowResult,
  reasonsOf,
  rejected,
} from '../evidence/row-result.ts';
import { type ProviderUsageRecord, ProviderUsageRecordSchema } from '../usage-record.ts';
import { billingCategoryOf } from './billing-category.ts';

/**
 * Anthropic Admin API messages usage report pages
 * (`GET /v1/organizations/usage_report/messages`) → one usage record per bucket result.
 * Anthropic counts cache tokens OUTSIDE the input: `uncached_input_tokens` excludes
 * cache reads and writes, so input = uncached + cache_read + cache_creation (5m + 1h),
 * cached = cache_read, cache write = 5m + 1h. The report counts no requests
 * (`request_count` null). `workspace_id` is the provider account (null: the default
 * workspace).
 */
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Text = z.string().nullish();
const ResultSchema = z.object({
  uncached_input_tokens: Count,
  cache_read_input_tokens: Count.nullish(),
  cache_creation: z
    .object({ ephemeral_5m_input_tokens: Count.nullish(), ephemeral_1h_input_tokens: Count.nullish() })
    .nullish(),
  output_tokens: Count,
  api_key_id: Text,
  workspace_id: Text,
  model: Text,
  service_tier: Text,
  context_window: Text,
  inference_geo: Text,
});

export function normalizeAnthropicUsagePage(
  page: unknown,
  file: EvidenceFile,
): PageRow<ProviderUsageRecord>[] {
  return readBucketPage<ProviderUsageRecord>(page, {
    bucketTimes: anthropicBucketTimes,
    normalize: (result, bucket, at) => normalizeResult(result, bucket, at, file),
  });
}

function normalizeResult(
  input: unknown,
  bucket: Bucket,
  { path, line }: ResultPosition,
  file: EvidenceFile,
): RowResult<ProviderUsageRecord> {
  const parsed = ResultSchema.safeParse(input);
  if (!parsed.success) return rejected(reasonsOf(parsed.error, [path]));
  const result = parsed.data;
  const cacheRead = result.cache_read_input_tokens ?? 0;
  const cacheWrite =
    (result.cache_creation?.ephemeral_5m_input_tokens ?? 0) +
    (result.cache_creation?.ephemeral_1h_input_tokens ?? 0);
  const [apiKey, workspace, model, tier] = [
    result.api_key_id,
    result.workspace_id,
    result.model,
    result.service_tier,
  ].map(blankToNull);
  const grouping = [apiKey, workspace, model, tier, result.context_window, result.inference_geo];
  return checked(ProviderUsageRecordSchema, {
    usage_start: bucket.start,
    usage_end: bucket.end,
    provider: 'anthropic',
    provider_account: workspace ?? null,
    model_or_deployment: model ?? null,
    request_id: null,
    billing_category: billingCategoryOf(tier),
    input_tokens: result.uncached_input_tokens + cacheRead + cacheWrite,
    cached_input_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    output_tokens: result.output_tokens,
    request_count: null,
    source: 'anthropic-usage',
    source_line_id: ['anthropic-usage', bucket.start, ...grouping.map((value) => value ?? '')].join('|'),
    source_key: file.key,
    source_line: line,
    source_received_at: file.receivedAt,
  });
}
