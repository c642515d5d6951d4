import { describe, expect, it } from 'vitest';
import { normalizeOpenAiUsagePage } from '../../../../lambdas/domain/usage/openai-usage.ts';
import type { ProviderUsageRecord } from '../../../../lambdas/domain/usage-record.ts';
import { fixturePath, readJson, sharedDataPath } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/usage/openai-usage/2024-11-01_2024-11-02/page-0001.json',
  receivedAt: '2024-11-02T01:00:00.000Z',
};

function recordsOf(page: unknown) {
  const rows = normalizeOpenAiUsagePage(page, file);
  return {
    records: rows.flatMap((row) => (row.result.ok ? [row.result.value] : [])),
    rejections: rows.flatMap((row) =>
      row.result.ok ? [] : [{ line: row.line, reasons: row.result.reasons }],
    ),
  };
}

describe('Normalizer: OpenAI completions usage pages', () => {
  it('normalizes the spec response: input already includes cached and cache-write tokens', () => {
    // Prepare: 1000 input = 500 uncached + 400 cached + 100 cache write (the example's own fields).
    const page = readJson(sharedDataPath('openai-openapi/usage_completions_response.example.json'));

    // Act
    const { records, rejections } = recordsOf(page);

    // Assess
    expect(rejections).toEqual([]);
    expect(records).toEqual([
      {
        usage_start: '2024-11-01T00:00:00.000Z',
        usage_end: '2024-11-02T00:00:00.000Z',
        provider: 'openai',
        provider_account: null,
        model_or_deployment: null,
        request_id: null,
        billing_category: null,
        input_tokens: 1000,
        cached_input_tokens: 400,
        cache_write_tokens: 100,
        output_tokens: 500,
        request_count: 5,
        source: 'openai-usage',
        source_line_id: 'openai-usage|2024-11-01T00:00:00.000Z||||||',
        source_key: file.key,
        source_line: 1,
        source_received_at: file.receivedAt,
      } satisfies ProviderUsageRecord,
    ]);
  });

  it('normalizes the spec result object grouped by project, key, model, batch and tier', () => {
    // Prepare
    const result = readJson(sharedDataPath('openai-openapi/usage_completions_result.object.example.json'));
    const page = { data: [{ start_time: 1730419200, end_time: 1730505600, results: [result] }] };

    // Act
    const { records } = recordsOf(page);

    // Assess: 5000 input ⊇ 1800 cached + 200 cache write; tier "default", batch false → standard.
    expect(records).toMatchObject([
      {
        provider_account: 'proj_abc',
        model_or_deployment: 'gpt-4o-mini-2024-07-18',
        billing_category: 'standard',
        input_tokens: 5000,
        cached_input_tokens: 1800,
        cache_write_tokens: 200,
        output_tokens: 1000,
        request_count: 5,
        source_line_id:
          'openai-usage|2024-11-01T00:00:00.000Z|proj_abc|user-abc|key_abc|gpt-4o-mini-2024-07-18|false|default',
      },
    ]);
  });

  it('rejects cached tokens over the input and a missing request count, and keeps the batch result', () => {
    // Prepare
    const page = readJson(
      fixturePath('usage/openai-usage/cached-tokens-over-input-and-a-missing-count.json'),
    );

    // Act
    const { records, rejections } = recordsOf(page);

    // Assess: 90 cached + 20 cache write > 100 input.
    expect(records).toMatchObject([
      { source_line: 3, billing_category: 'batch', cached_input_tokens: 40, cache_write_tokens: 0 },
    ]);
    expect(rejections.map(({ line, reasons }) => [line, reasons.map((reason) => reason.path)])).toEqual([
      [1, ['data.0.results.0.input_cached_tokens']],
      [2, ['data.0.results.1.num_model_requests']],
    ]);
    expect(rejections[0]?.reasons[0]?.message).toContain('(110) must not exceed input_tokens (100)');
  });
});
