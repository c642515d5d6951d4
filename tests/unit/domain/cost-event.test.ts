import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CostAllocationEventSchema } from '../../../lambdas/domain/cost-event.ts';

const example = JSON.parse(
  readFileSync(new URL('../../fixtures/events/seed-example.json', import.meta.url), 'utf8'),
);

function withChange(change: (event: Record<string, any>) => void): unknown {
  const event = structuredClone(example);
  change(event);
  return event;
}

function failingPaths(input: unknown): string[] {
  const result = CostAllocationEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('Schema: cost-allocation event', () => {
  it('accepts the seed example and normalizes it', () => {
    const event = CostAllocationEventSchema.parse(example);

    expect(event.timestamp_utc).toBe('2026-05-11T14:32:08.000Z');
    expect(event.cost_estimate).toEqual({ amount: '0', currency: 'USD' });
    expect(event.usage.cached_input_tokens).toBe(1024);
  });

  it('applies the documented defaults when optional parts are absent', () => {
    const minimal = withChange((event) => {
      for (const key of [
        'tenant_id',
        'team',
        'cost_center',
        'provider_account',
        'prompt_version',
        'billing_category',
      ]) {
        delete event[key];
      }
      for (const key of ['routing', 'status', 'business_unit', 'cost_estimate']) delete event[key];
      event.usage = { input_tokens: 10, output_tokens: 2 };
    });

    const event = CostAllocationEventSchema.parse(minimal);

    expect(event.billing_category).toBe('standard');
    expect(event.status).toBe('succeeded');
    expect(event.routing).toEqual({
      attempt_number: 1,
      retry_count: null,
      fallback_used: false,
      fallback_route: null,
    });
    expect(event.tenant_id).toBeNull();
    expect(event.business_unit).toBeUndefined();
  });

  it('keeps unknown fields out of the normalized event instead of rejecting it', () => {
    const event = CostAllocationEventSchema.parse(withChange((e) => Object.assign(e, { trace_id: 'abc' })));

    expect('trace_id' in event).toBe(false);
  });

  it('keeps money exactly, from a JSON number or a decimal string', () => {
    const fromNumber = CostAllocationEventSchema.parse(withChange((e) => (e.cost_estimate.amount = 1.5e-7)));
    const fromString = CostAllocationEventSchema.parse(
      withChange((e) => (e.cost_estimate.amount = '0.00000015')),
    );

    expect(fromNumber.cost_estimate?.amount).toBe('0.00000015');
    expect(fromString.cost_estimate?.amount).toBe('0.00000015');
  });

  it('stores a timestamp with an offset in UTC', () => {
    const event = CostAllocationEventSchema.parse(
      withChange((e) => (e.timestamp_utc = '2026-05-11T00:30:00+02:00')),
    );

    expect(event.timestamp_utc).toBe('2026-05-10T22:30:00.000Z');
  });

  it('keeps a timestamp already in stored form exactly as the Date route would write it', () => {
    // Stored form is kept without a round trip through Date; every day of a leap year and
    // of a common year, at the edges of the clock, must come out as Date writes it.
    const stamps: string[] = [];
    for (const start of [Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1), Date.UTC(2100, 0, 1)]) {
      for (let day = 0; day < 366; day++) {
        const midnight = start + day * 86_400_000;
        stamps.push(new Date(midnight).toISOString(), new Date(midnight + 86_399_999).toISOString());
      }
    }
    stamps.push('0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z');
    for (const stamp of stamps) {
      const event = CostAllocationEventSchema.parse(withChange((e) => (e.timestamp_utc = stamp)));
      expect(event.timestamp_utc).toBe(new Date(stamp).toISOString());
    }
  });

  it.each([
    ['29 February in a common year', '2026-02-29T10:00:00.000Z'],
    ['31 April', '2026-04-31T10:00:00.000Z'],
    ['hour 24', '2026-05-11T24:00:00.000Z'],
    ['second 60', '2026-05-11T10:00:60.000Z'],
  ])('rejects an impossible timestamp in stored form: %s', (_case, stamp) => {
    expect(failingPaths(withChange((e) => (e.timestamp_utc = stamp)))).toEqual(['timestamp_utc']);
  });

  it.each([
    ['a missing request_id', (e: any) => delete e.request_id, 'request_id'],
    ['a missing timestamp', (e: any) => delete e.timestamp_utc, 'timestamp_utc'],
    ['a timestamp without zone', (e: any) => (e.timestamp_utc = '2026-05-11T14:32:08'), 'timestamp_utc'],
    ['a wrong event_type', (e: any) => (e.event_type = 'ai_api_cost'), 'event_type'],
    ['an unknown event_version', (e: any) => (e.event_version = '2025-01-01'), 'event_version'],
    ['an empty application', (e: any) => (e.application = ' '), 'application'],
    ['a missing model', (e: any) => delete e.model_or_deployment, 'model_or_deployment'],
    ['negative input tokens', (e: any) => (e.usage.input_tokens = -1), 'usage.input_tokens'],
    ['fractional output tokens', (e: any) => (e.usage.output_tokens = 1.5), 'usage.output_tokens'],
    ['tokens as a string', (e: any) => (e.usage.output_tokens = '312'), 'usage.output_tokens'],
    ['cached more than input', (e: any) => (e.usage.cached_input_tokens = 2000), 'usage.cached_input_tokens'],
    [
      'cached plus cache-write more than input',
      (e: any) => Object.assign(e.usage, { cached_input_tokens: 1000, cache_write_tokens: 900 }),
      'usage.cached_input_tokens',
    ],
    ['reasoning more than output', (e: any) => (e.usage.reasoning_tokens = 313), 'usage.reasoning_tokens'],
    ['an unknown billing category', (e: any) => (e.billing_category = 'spot'), 'billing_category'],
    ['an unknown status', (e: any) => (e.status = 'ok'), 'status'],
    ['attempt number 0', (e: any) => (e.routing.attempt_number = 0), 'routing.attempt_number'],
    ['a unit without id', (e: any) => delete e.business_unit.unit_id, 'business_unit.unit_id'],
    [
      'an unknown unit outcome',
      (e: any) => (e.business_unit.unit_outcome = 'great'),
      'business_unit.unit_outcome',
    ],
    ['a money amount with a comma', (e: any) => (e.cost_estimate.amount = '0,5'), 'cost_estimate.amount'],
    [
      'a currency that is not ISO 4217',
      (e: any) => (e.cost_estimate.currency = 'dollars'),
      'cost_estimate.currency',
    ],
  ])('rejects %s, naming the field', (_case, change, path) => {
    expect(failingPaths(withChange(change))).toContain(path);
  });
});
