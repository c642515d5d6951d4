import { describe, expect, it } from 'vitest';
import { normalizeAnthropicUsagePage } from '../../../../lambdas/domain/usage/anthropic-usage.ts';
import { fixturePath, readJson } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/usage/anthropic-usage/2026-05-01_2026-05-02/page-0001.json',
  receivedAt: '2026-05-02T01:00:00.000Z',
};

describe('Normalizer: Anthropic messages usage pages', () => {
  it('adds cache reads and both cache writes into the input, and rejects negative or text counts', () => {
    // Prepare
    const page = readJson(
      fixturePath('usage/anthropic-usage/one-day-cache-reads-and-both-cache-writes.json'),
    );

    // Act
    const rows = normalizeAnthropicUsagePage(page, file);

    // Assess: 1000 uncached + 300 cache read + 200 (5m) + 100 (1h) = 1600 input, of which
    // 300 cached and 300 cache write; the second result has no cache counts at all.
    const records = rows.flatMap((row) => (row.result.ok ? [row.result.value] : []));
    expect(records).toMatchObject([
      {
        usage_start: '2026-05-01T00:00:00.000Z',
        usage_end: '2026-05-02T00:00:00.000Z',
        provider: 'anthropic',
        provider_account: 'wrkspc_prod_01',
        model_or_deployment: 'claude-sonnet-4-5',
        billing_category: 'batch',
        input_tokens: 1600,
        cached_input_tokens: 300,
        cache_write_tokens: 300,
        output_tokens: 450,
        request_count: null,
        request_id: null,
      },
      {
        provider_account: null,
        billing_category: 'priority',
        input_tokens: 80,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: 20,
      },
    ]);
    const rejected = rows.filter((row) => !row.result.ok);
    expect(
      rejected.map((row) => [row.line, row.result.ok ? [] : row.result.reasons.map((reason) => reason.path)]),
    ).toEqual([[3, ['data.0.results.2.uncached_input_tokens', 'data.0.results.2.output_tokens']]]);
  });
});
