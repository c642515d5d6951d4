import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BusinessUnitOutcomeEventSchema } from '../../../lambdas/domain/outcome-event.ts';

const example = JSON.parse(
  readFileSync(new URL('../../fixtures/events/outcome-example.json', import.meta.url), 'utf8'),
);

describe('Schema: business-unit outcome event', () => {
  it('accepts the example and normalizes time, currency and defaults', () => {
    const { is_final: _, ...withoutFinal } = example;

    const outcome = BusinessUnitOutcomeEventSchema.parse(withoutFinal);

    expect(outcome.outcome_at).toBe('2026-05-12T06:00:00.000Z');
    expect(outcome.value).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(outcome.is_final).toBe(false);
  });

  it.each([
    ['unit_id', (e: any) => delete e.unit_id],
    ['application', (e: any) => delete e.application],
    ['outcome', (e: any) => (e.outcome = 'done')],
    ['outcome_at', (e: any) => (e.outcome_at = 'yesterday')],
    ['is_final', (e: any) => (e.is_final = 'yes')],
    ['value.amount', (e: any) => (e.value.amount = 'twelve')],
  ])('rejects a broken %s, naming it', (path, change) => {
    const event = structuredClone(example);
    change(event);

    const result = BusinessUnitOutcomeEventSchema.safeParse(event);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
