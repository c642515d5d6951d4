import { describe, expect, it } from 'vitest';
import { normalizeOpenAiCostsPage } from '../../../../lambdas/domain/billing/openai-costs.ts';
import type { BillingLine } from '../../../../lambdas/domain/billing-line.ts';
import { fixturePath, readJson, sharedDataPath, sumDecimals } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/billing/openai-costs/2026-05-31_2026-06-02/page-0001.json',
  receivedAt: '2026-06-02T01:00:00.000Z',
};

function linesOf(page: unknown) {
  const rows = normalizeOpenAiCostsPage(page, file);
  return {
    rows,
    lines: rows.flatMap((row) => (row.result.ok ? [row.result.value] : [])),
    rejections: rows.flatMap((row) =>
      row.result.ok ? [] : [{ line: row.line, reasons: row.result.reasons }],
    ),
  };
}

describe('Normalizer: OpenAI costs pages', () => {
  it('normalizes the spec response: one ungrouped day of spend as usage in USD', () => {
    // Prepare: start_time 1730419200 = 20,028 days × 86,400 s = 2024-11-01T00:00:00Z.
    const page = readJson(sharedDataPath('openai-openapi/costs_response.example.json'));

    // Act
    const { lines, rejections } = linesOf(page);

    // Assess
    expect(rejections).toEqual([]);
    expect(lines).toEqual([
      {
        billing_period_start: '2024-11-01',
        charge_period_start: '2024-11-01T00:00:00.000Z',
        charge_period_end: '2024-11-02T00:00:00.000Z',
        provider: 'openai',
        billing_account_id: null,
        sub_account_id: null,
        service: null,
        sku_or_model: null,
        charge_category: 'usage',
        charge_class: null,
        billed_cost: '0.06',
        effective_cost: '0.06',
        currency: 'USD',
        consumed_quantity: null,
        consumed_unit: null,
        source: 'openai-costs',
        // prefix | bucket start | project | api key | line item, the last three empty
        source_line_id: 'openai-costs|2024-11-01T00:00:00.000Z|||',
        token_type: null,
        charge_description: null,
        source_key: file.key,
        source_line: 1,
        source_received_at: file.receivedAt,
      } satisfies BillingLine,
    ]);
  });

  it('normalizes the spec result object: input tokens of project proj_abc', () => {
    // Prepare: the lone result, put in a bucket for 2024-11-01.
    const result = readJson(sharedDataPath('openai-openapi/costs_result.object.example.json'));
    const page = { data: [{ start_time: 1730419200, end_time: 1730505600, results: [result] }] };

    // Act
    const { lines } = linesOf(page);

    // Assess: line_item "input_tokens" names no model.
    expect(lines).toMatchObject([
      {
        sub_account_id: 'proj_abc',
        sku_or_model: null,
        token_type: 'input',
        charge_category: 'usage',
        billed_cost: '0.06',
        consumed_quantity: '10000',
        consumed_unit: 'tokens',
        charge_description: 'input_tokens',
      },
    ]);
  });

  it('splits model and token type from line items, books tool calls as fees and each day in its month', () => {
    // Prepare: 1780185600 = 20,604 days = 2026-05-31; 1780272000 = 2026-06-01.
    const page = readJson(fixturePath('billing/openai-costs/two-days-across-month-end-with-tool-fee.json'));

    // Act
    const { lines, rejections } = linesOf(page);

    // Assess
    expect(rejections).toEqual([]);
    expect(
      lines.map((line) => [
        line.billing_period_start,
        line.sku_or_model,
        line.token_type,
        line.charge_category,
      ]),
    ).toEqual([
      ['2026-05-01', 'gpt-4.1-mini', 'input', 'usage'],
      ['2026-05-01', 'gpt-4.1-mini', 'cached_input', 'usage'],
      ['2026-05-01', 'gpt-4.1-mini', 'output', 'usage'],
      ['2026-05-01', 'web search tool calls', null, 'fee'],
      ['2026-06-01', 'gpt-4.1-mini', 'input', 'usage'],
    ]);
    // May usage: 1.234 + 0.1 + 2.5 = 3.834; May fee 0.3; June: "0.75" (a string, currency "USD").
    const may = lines.filter((line) => line.billing_period_start === '2026-05-01');
    expect(
      sumDecimals(may.filter((line) => line.charge_category === 'usage').map((line) => line.billed_cost)),
    ).toBe('3.834');
    expect(lines[4]).toMatchObject({ billed_cost: '0.75', currency: 'USD' });
    expect(new Set(lines.map((line) => line.sub_account_id))).toEqual(new Set(['proj_Prod7xK2mQ9']));
  });

  it('gives a bucket the same line ids in any page, so overlapping pulls deduplicate', () => {
    // Prepare: the June bucket alone, as a later pull for 2026-06-01_2026-06-02 would page it.
    const page = readJson(
      fixturePath('billing/openai-costs/two-days-across-month-end-with-tool-fee.json'),
    ) as {
      data: unknown[];
    };
    const laterPull = { ...page, data: page.data.slice(1) };

    // Act
    const first = linesOf(page).lines.at(-1);
    const second = normalizeOpenAiCostsPage(laterPull, {
      key: 'incoming/billing/openai-costs/2026-06-01_2026-06-02/page-0001.json',
      receivedAt: file.receivedAt,
    })[0];

    // Assess
    expect(first?.source_line_id).toBe(
      'openai-costs|2026-06-01T00:00:00.000Z|proj_Prod7xK2mQ9||gpt-4.1-mini, input',
    );
    expect(second?.result.ok && second.result.value.source_line_id).toBe(first?.source_line_id);
  });

  it('numbers results that share a grouping, in page order', () => {
    const result = { amount: { value: 1, currency: 'usd' } };
    const page = { data: [{ start_time: 1780185600, end_time: 1780272000, results: [result, result] }] };

    const ids = linesOf(page).lines.map((line) => line.source_line_id);

    expect(ids).toEqual([
      'openai-costs|2026-05-31T00:00:00.000Z|||',
      'openai-costs|2026-05-31T00:00:00.000Z||||#2',
    ]);
  });

  it('rejects a bad amount, currency or bucket time with the JSON path, and keeps the good result', () => {
    // Prepare
    const page = readJson(fixturePath('billing/openai-costs/invalid-amount-currency-bucket-time.json'));

    // Act
    const { lines, rejections } = linesOf(page);

    // Assess
    expect(lines.map((line) => [line.source_line, line.sub_account_id, line.billed_cost])).toEqual([
      [4, 'proj_b', '0.25'],
    ]);
    expect(rejections.map(({ line, reasons }) => [line, reasons.map((reason) => reason.path)])).toEqual([
      [1, ['data.0.results.0.amount.value']],
      [2, ['data.0.results.1.amount.currency']],
      [3, ['data.0.results.2.amount']],
      [5, ['data.1.start_time']],
    ]);
  });

  it('rejects a page that is not a page as one row', () => {
    const rows = normalizeOpenAiCostsPage({ error: { message: 'invalid key' } }, file);

    expect(rows).toMatchObject([{ line: 0, result: { ok: false, reasons: [{ path: 'data' }] } }]);
  });
});
