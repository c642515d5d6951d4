import { describe, expect, it } from 'vitest';
import { invoiceRowNormalizer } from '../../../../lambdas/domain/billing/invoice-csv.ts';
import type { BillingLine } from '../../../../lambdas/domain/billing-line.ts';
import type { Reason } from '../../../../lambdas/domain/evidence/row-result.ts';
import { type CsvFile, fixturePath, readCsv, sumDecimals } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/billing/invoice-csv/anthropic/2026-04.csv',
  receivedAt: '2026-05-02T09:00:00.000Z',
};

function normalize(csv: CsvFile) {
  const normalizeRow = invoiceRowNormalizer(csv.header, file);
  const lines: BillingLine[] = [];
  const rejections: { line: number; reasons: readonly Reason[] }[] = [];
  for (const row of csv.rows) {
    const result = normalizeRow(row.fields, row.line);
    if (result.ok) lines.push(result.value);
    else rejections.push({ line: row.line, reasons: result.reasons });
  }
  return { lines, rejections };
}

describe('Normalizer: invoice CSV rows', () => {
  it('normalizes usage, credit and tax lines with the hand-summed totals', () => {
    // Prepare
    const csv = readCsv(fixturePath('billing/invoice-csv/usage-tax-credit-two-workspaces.csv'));

    // Act
    const { lines, rejections } = normalize(csv);

    // Assess: usage 12.40 + 30.10 + 0.25 = 42.75; credit -2.13; tax 3.24 + 0.02 = 3.26.
    expect(rejections).toEqual([]);
    const total = (category: string) =>
      sumDecimals(lines.filter((line) => line.charge_category === category).map((line) => line.billed_cost));
    expect([total('usage'), total('credit'), total('tax')]).toEqual(['42.75', '-2.13', '3.26']);
    expect(lines.map((line) => [line.sku_or_model, line.token_type])).toEqual([
      ['claude-sonnet-4-5', 'input'],
      ['claude-sonnet-4-5', 'output'],
      ['claude-haiku-4-5', 'cached_input'],
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(lines[2]).toMatchObject({
      provider: 'anthropic',
      currency: 'USD',
      billing_period_start: '2026-04-01',
      charge_period_start: '2026-04-01T00:00:00.000Z',
      charge_period_end: '2026-05-01T00:00:00.000Z',
      billing_account_id: 'wrkspc_staging_01',
      sub_account_id: 'wrkspc_staging_01',
      source: 'invoice-csv',
      source_line_id: `invoice-csv|${file.key}|4`,
    });
  });

  it('rejects an unknown category, a formatted amount, a month 13, a currency name and a blank provider', () => {
    // Prepare
    const csv = readCsv(fixturePath('billing/invoice-csv/invalid-category-amount-period-currency.csv'));

    // Act
    const { lines, rejections } = normalize(csv);

    // Assess
    expect(lines.map((line) => [line.source_line, line.billed_cost])).toEqual([[7, '4']]);
    expect(rejections.map(({ line, reasons }) => [line, reasons.map((reason) => reason.path)])).toEqual([
      [2, ['category']],
      [3, ['amount']],
      [4, ['billing_period']],
      [5, ['currency']],
      [6, ['provider']],
    ]);
    expect(rejections[0]?.reasons[0]?.message).toBe(
      'must be one of usage, tax, credit, refund, adjustment, commitment, fee, got "discount"',
    );
  });

  it('rejects every row of a file without a currency column, naming the column', () => {
    const csv: CsvFile = {
      header: ['billing_period', 'provider', 'account', 'description', 'category', 'amount'],
      rows: [{ fields: ['2026-04', 'anthropic', 'w', 'Sales tax', 'tax', '1.00'], line: 2 }],
    };

    const { rejections } = normalize(csv);

    expect(rejections).toEqual([
      { line: 2, reasons: [{ path: 'currency', message: 'the file has no currency column' }] },
    ]);
  });
});
