import { z } from 'zod';
import { bedrockModelId } from '../evidence/bedrock-model.ts';
import { blankToNull } from '../evidence/cells.ts';
import { checked, type EvidenceFile, type RowResult, reasonsOf, rejected } from '../evidence/row-result.ts';
import { utcTimestamp } from '../evidence/utc-time.ts';
import { type ProviderUsageRecord, ProviderUsageRecordSchema } from '../usage-record.ts';

/**
 * One Amazon Bedrock model invocation log record (`schemaType` ModelInvocationLog, one
 * JSON object per line of `AWSLogs/<account>/BedrockModelInvocationLogs/…json.gz`) →
 * one usage record for one request.
 *
 * Bedrock counts cache tokens OUTSIDE `input.inputTokenCount` (the example in FORMATS.md
 * §5: 3 input + 24,479 cache write + 52 output = 24,534 total), so input_tokens =
 * inputTokenCount + cacheReadInputTokenCount + cacheWriteInputTokenCount. Absent counts
 * are 0 (embedding and image models report no output tokens). The model is `modelId`
 * with a foundation-model or inference-profile ARN cut to its id (evidence/bedrock-model.ts);
 * `accountId` is the provider account; the log has no billing category (null).
 */
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const LogSchema = z.object({
  schemaType: z.literal('ModelInvocationLog').optional(),
  timestamp: z.string(),
  accountId: z.string().nullish(),
  requestId: z.string().nullish(),
  modelId: z.string().trim().min(1, 'must name the model'),
  input: z
    .object({
      inputTokenCount: Count.nullish(),
      cacheReadInputTokenCount: Count.nullish(),
      cacheWriteInputTokenCount: Count.nullish(),
    })
    .nullish(),
  output: z.object({ outputTokenCount: Count.nullish() }).nullish(),
});

export function normalizeBedrockInvocationLog(
  value: unknown,
  line: number,
  file: EvidenceFile,
): RowResult<ProviderUsageRecord> {
  const parsed = LogSchema.safeParse(value);
  if (!parsed.success) return rejected(reasonsOf(parsed.error));
  const log = parsed.data;
  const at = utcTimestamp(log.timestamp);
  if (at === undefined)
    return rejected([
      { path: 'timestamp', message: `must be an ISO 8601 timestamp, got "${log.timestamp}"` },
    ]);
  const cacheRead = log.input?.cacheReadInputTokenCount ?? 0;
  const cacheWrite = log.input?.cacheWriteInputTokenCount ?? 0;
  const requestId = blankToNull(log.requestId);
  return checked(ProviderUsageRecordSchema, {
    usage_start: at,
    usage_end: at,
    provider: 'bedrock',
    provider_account: blankToNull(log.accountId),
    model_or_deployment: bedrockModelId(log.modelId),
    request_id: requestId,
    billing_category: null,
    input_tokens: (log.input?.inputTokenCount ?? 0) + cacheRead + cacheWrite,
    cached_input_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    output_tokens: log.output?.outputTokenCount ?? 0,
    request_count: 1,
    source: 'bedrock-invocation-logs',
    source_line_id: requestId
      ? `bedrock-invocation-logs|${requestId}`
      : `bedrock-invocation-logs|${file.key}|${line}`,
    source_key: file.key,
    source_line: line,
    source_received_at: file.receivedAt,
  });
}
