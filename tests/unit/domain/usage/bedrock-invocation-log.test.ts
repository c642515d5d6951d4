import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RowResult } from '../../../../lambdas/domain/evidence/row-result.ts';
import { normalizeBedrockInvocationLog } from '../../../../lambdas/domain/usage/bedrock-invocation-log.ts';
import type { ProviderUsageRecord } from '../../../../lambdas/domain/usage-record.ts';
import { fixturePath } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/usage/bedrock-invocation-logs/AWSLogs/123456789012/BedrockModelInvocationLogs/us-west-2/2026/04/19/23/log.json.gz',
  receivedAt: '2026-04-20T00:05:00.000Z',
};

type Outcome =
  | { readonly line: number; readonly json: false }
  | { readonly line: number; readonly json: true; readonly result: RowResult<ProviderUsageRecord> };

/** Each non-blank line of the fixture, parsed and normalized. */
function outcomes(): Outcome[] {
  const path = fixturePath(
    'usage/bedrock-invocation-logs/three-requests-cache-write-arn-and-three-bad-lines.jsonl',
  );
  const lines = readFileSync(path, 'utf8').split('\n');
  return lines.flatMap((text, index): Outcome[] => {
    if (text.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [{ line: index + 1, json: false }];
    }
    return [{ line: index + 1, json: true, result: normalizeBedrockInvocationLog(value, index + 1, file) }];
  });
}

describe('Normalizer: Bedrock model invocation logs', () => {
  it('counts cache reads and writes into the input, which Bedrock reports outside it', () => {
    // Act
    const [first, second, third] = outcomes();

    // Assess: FORMATS.md §5's record: 3 input + 0 cache read + 24,479 cache write = 24,482
    // input tokens in our convention, 52 output (3 + 24,479 + 52 = 24,534 = its totalTokens).
    expect(first?.json && first.result).toEqual({
      ok: true,
      value: {
        usage_start: '2026-04-19T23:57:01.000Z',
        usage_end: '2026-04-19T23:57:01.000Z',
        provider: 'bedrock',
        provider_account: '123456789012',
        model_or_deployment: 'global.anthropic.claude-opus-4-6-v1',
        request_id: '5346af27-8f56-4fb8-a6de-058be7a50818',
        billing_category: null,
        input_tokens: 24482,
        cached_input_tokens: 0,
        cache_write_tokens: 24479,
        output_tokens: 52,
        request_count: 1,
        source: 'bedrock-invocation-logs',
        source_line_id: 'bedrock-invocation-logs|5346af27-8f56-4fb8-a6de-058be7a50818',
        source_key: file.key,
        source_line: 1,
        source_received_at: file.receivedAt,
      },
    });
    // A foundation-model ARN is cut to the model id: 1200 + 800 cache read = 2000 input.
    expect(second?.json && second.result).toMatchObject({
      ok: true,
      value: { model_or_deployment: 'amazon.nova-pro-v1:0', input_tokens: 2000, cached_input_tokens: 800 },
    });
    // An application inference profile has no model id: its ARN is kept.
    expect(third?.json && third.result).toMatchObject({
      ok: true,
      value: {
        model_or_deployment:
          'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
        source_line: 4,
      },
    });
  });

  it('rejects a negative count and a timestamp that is not one, naming the field', () => {
    const [, , , negative, badTime, truncated] = outcomes();

    expect(negative?.json && negative.result).toMatchObject({
      ok: false,
      reasons: [{ path: 'input.inputTokenCount' }],
    });
    expect(badTime?.json && badTime.result).toEqual({
      ok: false,
      reasons: [{ path: 'timestamp', message: 'must be an ISO 8601 timestamp, got "yesterday"' }],
    });
    // Lines 1, 2, 4 land; 3 is blank; 5 and 6 are rejected here; 7 is cut off mid-JSON.
    expect(truncated).toEqual({ line: 7, json: false });
  });
});
