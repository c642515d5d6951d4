import { z } from 'zod';
import { openAiBucketTimes } from '../billing/openai-costs.ts';
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
 * OpenAI organization usage pages (`GET /v1/organization/usage/completions`, as
 * `land-billing` stores them) → one usage record per bucket result. OpenAI's convention
 * is already ours: `input_tokens` includes `input_cached_tokens` and
 * `input_cache_write_tokens` (both optional: older pages have no cache-write count).
 * `project_id` is the provider account; grouping fields are null when the page was not
 * grouped by them.
 */
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Text = z.string().nullish();
const ResultSchema = z.object({
  input_tokens: Count,
  output_tokens: Count,
  num_model_requests: Count,
  input_cached_tokens: Count.nullish(),
  input_cache_write_tokens: Count.nullish(),
  project_id: Text,
  user_id: Text,
  api_key_id: Text,
  model: Text,
  batch: z.boolean().nullish(),
  service_tier: Text,
});

export function normalizeOpenAiUsagePage(page: unknown, file: EvidenceFile): PageRow<ProviderUsageRecord>[] {
  return readBucketPage<ProviderUsageRecord>(page, {
    bucketTimes: openAiBucketTimes,
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
  const [project, user, apiKey, model, tier] = [
    result.project_id,
    result.user_id,
    result.api_key_id,
    result.model,
    result.service_tier,
  ].map(blankToNull);
  const cached = result.input_cached_tokens ?? 0;
  const cacheWrite = result.input_cache_write_tokens ?? 0;
  if (cached + cacheWrite > result.input_tokens)
    return rejected([
      {
        path: `${path}.input_cached_tokens`,
        message: `input_cached_tokens + input_cache_write_tokens (${cached + cacheWrite}) must not exceed input_tokens (${result.input_tokens}), which includes them`,
      },
    ]);
  const grouping = [project, user, apiKey, model, result.batch == null ? null : String(result.batch), tier];
  return checked(ProviderUsageRecordSchema, {
    usage_start: bucket.start,
    usage_end: bucket.end,
    provider: 'openai',
    provider_account: project ?? null,
    model_or_deployment: model ?? null,
    request_id: null,
    billing_category: billingCategoryOf(tier, result.batch),
    input_tokens: result.input_tokens,
    cached_input_tokens: cached,
    cache_write_tokens: cacheWrite,
    output_tokens: result.output_tokens,
    request_count: result.num_model_requests,
    source: 'openai-usage',
    source_line_id: ['openai-usage', bucket.start, ...grouping.map((value) => value ?? '')].join('|'),
    source_key: file.key,
    source_line: line,
    source_received_at: file.receivedAt,
  });
}
