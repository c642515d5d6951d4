import { z } from 'zod';
import { BILLING_CATEGORIES } from './contract-fields.ts';

/**
 * A provider's own record of usage (DESIGN §6 "provider usage records"), for the
 * completeness checks: one request (Bedrock invocation logs, captured OpenAI responses)
 * or one time bucket (OpenAI and Anthropic usage reports). `land` writes them as NDJSON
 * to `raw/usage_records/dt=<UTC date of usage_start>/`, keys always present and in this
 * order. Field names are the cost events' where the concept is the same
 * (`provider_account`, `model_or_deployment`, token counts), so the two join directly.
 *
 * Token counts follow the OpenAI convention the cost events use (DESIGN §7.1):
 * `input_tokens` counts ALL input, cache reads and cache writes included;
 * `cached_input_tokens` and `cache_write_tokens` are parts of it. Sources that report
 * cache tokens outside the input count (Anthropic, Bedrock) are added up on the way in.
 *
 * - `usage_start`/`usage_end`: the bucket, or for one request its instant twice.
 * - `request_id`: the provider's id where the source has one, else null.
 * - `request_count`: requests in the bucket (1 for a request); null when the source
 *   does not count them (the Anthropic usage report).
 * - `billing_category`: standard | batch | priority | flex where the source says, else null.
 * - `source_line_id`: deterministic, stable per request or per bucket and grouping
 *   (never per page): readers keep one record per id, the latest `source_received_at`.
 */
export const USAGE_RECORD_SOURCES = [
  'bedrock-invocation-logs',
  'openai-usage',
  'anthropic-usage',
  'openai-responses',
] as const;
export type UsageRecordSource = (typeof USAGE_RECORD_SOURCES)[number];

const UtcInstant = z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' });
const Name = z.string().min(1).max(2048);
const Tokens = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const ProviderUsageRecordSchema = z
  .object({
    usage_start: UtcInstant,
    usage_end: UtcInstant,
    provider: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a lower-case provider name such as "bedrock"'),
    provider_account: Name.nullable(),
    model_or_deployment: Name.nullable(),
    request_id: Name.nullable(),
    billing_category: z.enum(BILLING_CATEGORIES).nullable(),
    input_tokens: Tokens,
    cached_input_tokens: Tokens,
    cache_write_tokens: Tokens,
    output_tokens: Tokens,
    request_count: Tokens.nullable(),
    source: z.enum(USAGE_RECORD_SOURCES),
    source_line_id: Name,
    source_key: Name,
    /** The line of an NDJSON log, or the result's position in a JSON page. */
    source_line: z.number().int().nonnegative(),
    source_received_at: UtcInstant,
  })
  .refine((record) => record.cached_input_tokens + record.cache_write_tokens <= record.input_tokens, {
    path: ['cached_input_tokens'],
    message: 'cached_input_tokens + cache_write_tokens must not exceed input_tokens (input counts all input)',
  });

export type ProviderUsageRecord = z.infer<typeof ProviderUsageRecordSchema>;
