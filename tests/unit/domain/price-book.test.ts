import { describe, expect, it } from 'vitest';
import { checkPriceBook, type LocatedPriceRow, PriceRowSchema } from '../../../lambdas/domain/price-book.ts';

const base = {
  provider: 'openai',
  model_or_deployment: 'gpt-4.1-mini',
  billing_category: 'standard',
  token_type: 'input',
  unit_tokens: '1000000',
  price: '0.40',
  currency: 'USD',
  effective_from: '2026-05-01',
  effective_to: '',
  pricing_source: 'https://openai.com/api/pricing',
  contract_ref: '',
};

function row(line: number, changes: Partial<typeof base> = {}): LocatedPriceRow {
  return { file: 'config/pricing/prices.csv', line, row: PriceRowSchema.parse({ ...base, ...changes }) };
}

describe('Schema: pricing row', () => {
  it('decodes CSV cells into typed values, a date meaning midnight UTC and an empty end meaning open', () => {
    const parsed = PriceRowSchema.parse({
      ...base,
      provider: 'OpenAI',
      effective_to: '2026-06-01T12:00:00+02:00',
    });

    expect(parsed).toMatchObject({
      provider: 'openai',
      unit_tokens: 1_000_000,
      price: '0.40',
      effective_from: '2026-05-01T00:00:00.000Z',
      effective_to: '2026-06-01T10:00:00.000Z',
      contract_ref: null,
    });
    expect(PriceRowSchema.parse(base).effective_to).toBeNull();
  });

  it.each([
    ['price', { price: '-0.40' }],
    ['price', { price: '0,40' }],
    ['price', { price: 'abc' }],
    ['unit_tokens', { unit_tokens: '0' }],
    ['unit_tokens', { unit_tokens: '1e6' }],
    ['token_type', { token_type: 'image' }],
    ['billing_category', { billing_category: 'spot' }],
    ['currency', { currency: 'US$' }],
    ['effective_from', { effective_from: '2026-13-01' }],
    ['effective_from', { effective_from: '01/05/2026' }],
  ])('rejects a bad %s', (field, changes) => {
    const result = PriceRowSchema.safeParse({ ...base, ...changes });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});

describe('Rule: price book checks', () => {
  it('passes back-to-back ranges that meet at one instant', () => {
    const rows = [
      row(2, { effective_to: '2026-05-15T12:00:00Z' }),
      row(3, { effective_from: '2026-05-15T12:00:00Z', price: '0.30' }),
    ];

    expect(checkPriceBook(rows)).toEqual([]);
  });

  it('catches two ranges of one key that overlap, naming both places', () => {
    const rows = [row(2, { effective_to: '2026-05-20' }), row(3, { effective_from: '2026-05-19' })];

    const problems = checkPriceBook(rows);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, field: 'effective_from' });
    expect(problems[0]?.message).toContain('prices.csv:2');
  });

  it('catches an open-ended range followed by another one', () => {
    expect(checkPriceBook([row(2), row(3, { effective_from: '2026-06-01' })])).toHaveLength(1);
  });

  it('does not mix up keys: the same dates for another token type are fine', () => {
    expect(checkPriceBook([row(2), row(3, { token_type: 'output', price: '1.60' })])).toEqual([]);
  });

  it('catches a provider priced in two currencies', () => {
    const problems = checkPriceBook([row(2), row(3, { token_type: 'output', currency: 'EUR' })]);

    expect(problems).toEqual([expect.objectContaining({ line: 3, field: 'currency' })]);
  });

  it('catches a range that ends before it starts', () => {
    const problems = checkPriceBook([row(2, { effective_to: '2026-04-30' })]);

    expect(problems).toEqual([expect.objectContaining({ line: 2, field: 'effective_to' })]);
  });
});
