import { describe, expect, it } from 'vitest';
import { normalizeAnthropicCostsPage } from '../../../../lambdas/domain/billing/anthropic-costs.ts';
import { fixturePath, readJson, sumDecimals } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/billing/anthropic-costs/2026-05-01_2026-05-02/page-0001.json',
  receivedAt: '2026-05-02T01:00:00.000Z',
};

function linesOf(page: unknown) {
  const rows = normalizeAnthropicCostsPage(page, file);
  return {
    lines: rows.flatMap((row) => (row.result.ok ? [row.result.value] : [])),
    rejections: rows.flatMap((row) =>
      row.result.ok ? [] : [{ line: row.line, reasons: row.result.reasons }],
    ),
  };
}

describe('Normalizer: Anthropic cost report pages', () => {
  it('divides cent amounts by 100 exactly and books web search as a fee', () => {
    // Prepare
    const page = readJson(
      fixturePath('billing/anthropic-costs/cents-as-decimal-strings-with-web-search-fee.json'),
    );

    // Act
    const { lines, rejections } = linesOf(page);

    // Assess: "123.45" ¢ = $1.2345, "1000" ¢ = $10, "0.5" ¢ = $0.005, "7" ¢ = $0.07, "250" ¢ = $2.50.
    expect(rejections).toEqual([]);
    expect(lines.map((line) => line.billed_cost)).toEqual(['1.2345', '10', '0.005', '0.07', '2.5']);
    expect(lines.map((line) => [line.charge_category, line.sku_or_model, line.token_type])).toEqual([
      ['usage', 'claude-sonnet-4-5', 'input'],
      ['usage', 'claude-sonnet-4-5', 'output'],
      ['usage', 'claude-sonnet-4-5', 'cached_input'],
      ['usage', 'claude-sonnet-4-5', 'cache_write'],
      ['fee', 'Web Search', null],
    ]);
    // usage: 1.2345 + 10 + 0.005 + 0.07 = 11.3095
    expect(
      sumDecimals(lines.filter((line) => line.charge_category === 'usage').map((line) => line.billed_cost)),
    ).toBe('11.3095');
    expect(lines[0]).toMatchObject({
      provider: 'anthropic',
      billing_period_start: '2026-05-01',
      charge_period_start: '2026-05-01T00:00:00.000Z',
      charge_period_end: '2026-05-02T00:00:00.000Z',
      sub_account_id: 'wrkspc_prod_01',
      billing_account_id: null,
      currency: 'USD',
      effective_cost: '1.2345',
      service: 'tokens',
      source_line_id:
        'anthropic-costs|2026-05-01T00:00:00.000Z|wrkspc_prod_01|Claude Sonnet 4.5 Usage - Input Tokens|claude-sonnet-4-5|uncached_input_tokens|tokens|standard|0-200k|',
    });
  });

  it('rejects amounts that are not decimal cents and bad currencies with the JSON path', () => {
    // Prepare
    const page = readJson(fixturePath('billing/anthropic-costs/invalid-amount-and-currency.json'));

    // Act
    const { lines, rejections } = linesOf(page);

    // Assess: the default workspace (null) line lands; "10" ¢ = $0.10.
    expect(lines).toMatchObject([{ sub_account_id: null, billed_cost: '0.1', source_line: 4 }]);
    expect(rejections.map(({ line, reasons }) => [line, reasons.map((reason) => reason.path)])).toEqual([
      [1, ['data.0.results.0.amount']],
      [2, ['data.0.results.1.amount']],
      [3, ['data.0.results.2.currency']],
    ]);
    expect(rejections[0]?.reasons[0]?.message).toContain('"12,50"');
  });
});
