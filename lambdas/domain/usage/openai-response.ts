import { z } from 'zod';
import { blankToNull } from '../evidence/cells.ts';
import {
  checked,
  type EvidenceFile,
  type Reason,
  type RowResult,
  reasonsOf,
  rejected,
} from '../evidence/row-result.ts';
import { unixSecondsToUtc } from '../evidence/utc-time.ts';
import { type ProviderUsageRecord, ProviderUsageRecordSchema } from '../usage-record.ts';
import { billingCategoryOf } from './billing-category.ts';

/**
 * One OpenAI API response body (a gateway's capture, one JSON object per line) → one
 * usage record for one request: Chat Completions (`object: "chat.completion"`,
 * `usage.prompt_tokens` with `prompt_tokens_details`) or Responses (`object: "response"`,
 * `usage.input_tokens` with `input_tokens_details`). Both already count cached and
 * cache-write tokens inside the input, and reasoning inside the output. The request id
 * is the response `id`; the time is `created`/`created_at` (unix seconds). The body does
 * not name the project: no provider account.
 */
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Details = z.object({ cached_tokens: Count.nullish(), cache_write_tokens: Count.nullish() }).nullish();
const ChatCompletionSchema = z.object({
  object: z.literal('chat.completion'),
  id: z.string().min(1),
  created: z.number().int(),
  model: z.string().min(1),
  service_tier: z.string().nullish(),
  usage: z.object({ prompt_tokens: Count, completion_tokens: Count, prompt_tokens_details: Details }),
});
const ResponseSchema = z.object({
  object: z.literal('response'),
  id: z.string().min(1),
  created_at: z.number().int(),
  model: z.string().min(1),
  service_tier: z.string().nullish(),
  usage: z.object({ input_tokens: Count, output_tokens: Count, input_tokens_details: Details }),
});
const BodySchema = z.discriminatedUnion('object', [ChatCompletionSchema, ResponseSchema]);

export function normalizeOpenAiResponse(
  value: unknown,
  line: number,
  file: EvidenceFile,
): RowResult<ProviderUsageRecord> {
  const parsed = BodySchema.safeParse(value);
  if (!parsed.success) return rejected(reasonsOf(parsed.error));
  const body = parsed.data;
  const [created, input, output, details] =
    body.object === 'chat.completion'
      ? [
          body.created,
          body.usage.prompt_tokens,
          body.usage.completion_tokens,
          body.usage.prompt_tokens_details,
        ]
      : [body.created_at, body.usage.input_tokens, body.usage.output_tokens, body.usage.input_tokens_details];
  const at = unixSecondsToUtc(created);
  const cached = details?.cached_tokens ?? 0;
  const cacheWrite = details?.cache_write_tokens ?? 0;
  const reasons: Reason[] = [];
  if (at === undefined) reasons.push({ path: 'created', message: `must be unix seconds, got ${created}` });
  if (cached + cacheWrite > input)
    reasons.push({
      path: 'usage',
      message: `cached (${cached}) + cache write (${cacheWrite}) tokens must not exceed the input tokens (${input}), which include them`,
    });
  if (at === undefined || reasons.length > 0) return rejected(reasons);
  return checked(ProviderUsageRecordSchema, {
    usage_start: at,
    usage_end: at,
    provider: 'openai',
    provider_account: null,
    model_or_deployment: body.model,
    request_id: body.id,
    billing_category: billingCategoryOf(blankToNull(body.service_tier)),
    input_tokens: input,
    cached_input_tokens: cached,
    cache_write_tokens: cacheWrite,
    output_tokens: output,
    request_count: 1,
    source: 'openai-responses',
    source_line_id: `openai-responses|${body.id}`,
    source_key: file.key,
    source_line: line,
    source_received_at: file.receivedAt,
  });
}
