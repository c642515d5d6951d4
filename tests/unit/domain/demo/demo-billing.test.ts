import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoFile, generateDemoLake } from '../../../../lambdas/domain/demo/generate-demo-lake.ts';
import { decimalToPico } from '../../../../lambdas/domain/money.ts';
import {
  csvRows,
  linesOf,
  priceRows,
  requestCostPico,
  textOf,
  uniqueRequests,
  validEvents,
} from '../../../helpers/demo-lake.ts';
import { sharedDataPath } from '../../../helpers/shared-data.ts';

/**
 * The billing evidence is checked against an estimate worked out here from the events
 * and the price table alone (tokens × price ÷ unit_tokens, DESIGN §7.1), not from the
 * generator's own arithmetic.
 */
const options = { seed: 42, days: 45, endDate: '2026-05-10' };
const costsExample = JSON.parse(
  readFileSync(sharedDataPath('openai-openapi/costs_response.example.json'), 'utf8'),
);
const UNPRICED_MODEL = 'mistral.mistral-large-2407-v1:0';
const HALF_CENT = decimalToPico('0.005');

const FOCUS_COLUMNS_NEEDED = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargeCategory',
  'ChargeClass',
  'ServiceName',
  'SkuId',
  'x_UsageType',
  'ResourceId',
  'BillingAccountId',
  'SubAccountId',
  'ConsumedQuantity',
  'ConsumedUnit',
];

const month = (iso: string) => iso.slice(0, 7);
const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

describe('Generator: demo billing evidence', () => {
  let files: DemoFile[];
  /** `provider|YYYY-MM` → estimated cost of the priced requests, pico-USD. */
  let estimate: Map<string, bigint>;
  const billing = (prefix: string) =>
    files.filter((file) => file.key.startsWith(`incoming/billing/${prefix}/`));
  const focusRows = () => billing('focus').flatMap(csvRows);

  beforeAll(() => {
    files = generateDemoLake(options);
    const rows = priceRows(files);
    estimate = new Map();
    for (const event of uniqueRequests(validEvents(files))) {
      const cost = requestCostPico(event, rows);
      if (cost === null) continue;
      const key = `${event.provider}|${month(event.timestamp_utc)}`;
      estimate.set(key, (estimate.get(key) ?? 0n) + cost);
    }
  });

  it('writes one FOCUS export per billing month with the columns the billing shape needs', () => {
    const focus = billing('focus');

    expect(focus.map((file) => file.key)).toEqual(
      ['2026-03', '2026-04', '2026-05'].map(
        (period) =>
          `incoming/billing/focus/ai-unit-economics-focus/data/BILLING_PERIOD=${period}/ai-unit-economics-focus-00001.csv`,
      ),
    );
    for (const file of focus) {
      const header = linesOf(file)[0]?.split(',') ?? [];
      expect(header).toEqual(expect.arrayContaining(FOCUS_COLUMNS_NEEDED));
    }
    for (const row of focusRows()) {
      expect(row.BillingCurrency).toBe('USD');
      expect(row.BilledCost).toMatch(/^-?\d+(\.\d+)?$/);
      expect(row.ChargePeriodStart).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      expect(['Usage', 'Credit', 'Tax']).toContain(row.ChargeCategory);
    }
  });

  it('bills Bedrock usage in FOCUS exactly at the price table, counting the correction in its charge month', () => {
    const billed = new Map<string, bigint>();
    for (const row of focusRows()) {
      if (row.ChargeCategory !== 'Usage' || row.ResourceId?.endsWith(UNPRICED_MODEL)) continue;
      const key = month(row.ChargePeriodStart ?? '');
      billed.set(key, (billed.get(key) ?? 0n) + decimalToPico(row.BilledCost ?? ''));
    }

    for (const period of ['2026-03', '2026-04', '2026-05']) {
      expect(billed.get(period)).toBe(estimate.get(`bedrock|${period}`));
    }
  });

  it('delivers one usage row a billing period late, as a Correction', () => {
    const corrections = focusRows().filter((row) => row.ChargeClass === 'Correction');

    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({
      ChargeCategory: 'Usage',
      BillingPeriodStart: '2026-04-01T00:00:00Z',
    });
    expect(corrections[0]?.ChargePeriodStart).toMatch(/^2026-03-/);
  });

  it('adds a promotional credit every month and sales tax once a month has closed', () => {
    const rows = focusRows();
    const periodsWith = (category: string) =>
      [
        ...new Set(
          rows.filter((row) => row.ChargeCategory === category).map((row) => row.BillingPeriodStart),
        ),
      ].sort();

    expect(periodsWith('Credit')).toEqual([
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
      '2026-05-01T00:00:00Z',
    ]);
    expect(periodsWith('Tax')).toEqual(['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z']);
    expect(
      rows.filter((row) => row.ChargeCategory === 'Credit').every((row) => row.BilledCost?.startsWith('-')),
    ).toBe(true);
  });

  it('bills the unpriced model in FOCUS although the price table has no row for it', () => {
    const rows = focusRows().filter((row) => row.ResourceId?.endsWith(UNPRICED_MODEL));

    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.x_UsageType?.startsWith('USE1-MistralLarge2407-'))).toBe(true);
  });

  it('writes OpenAI cost pages in exactly the Costs API shape', () => {
    const pages = billing('openai-costs');

    expect(pages.map((file) => file.key)).toEqual([
      'incoming/billing/openai-costs/2026-03-27_2026-04-01/page-0001.json',
      'incoming/billing/openai-costs/2026-04-01_2026-05-01/page-0001.json',
      'incoming/billing/openai-costs/2026-05-01_2026-05-11/page-0001.json',
    ]);
    const exampleBucket = costsExample.data[0];
    for (const file of pages) {
      const page = JSON.parse(textOf(file));
      expect(Object.keys(page)).toEqual(Object.keys(costsExample));
      for (const bucket of page.data) {
        expect(Object.keys(bucket)).toEqual(Object.keys(exampleBucket));
        expect(bucket.end_time - bucket.start_time).toBe(86_400);
        for (const result of bucket.results) {
          expect(Object.keys(result)).toEqual(Object.keys(exampleBucket.results[0]));
          expect(result).toMatchObject({ object: 'organization.costs.result', quantity_unit: 'tokens' });
          expect(result.amount.currency).toBe('usd');
          expect(typeof result.amount.value).toBe('number');
          expect(result.line_item).toMatch(/^[a-z0-9.-]+, (input|cached input|output)( \(batch\))?$/);
        }
      }
    }
  });

  it('bills OpenAI usage exactly at the price table', () => {
    const billed = new Map<string, bigint>();
    for (const file of billing('openai-costs')) {
      // The amounts are JSON numbers: read their digits from the text so no float rounds them.
      for (const bucket of textOf(file).split('{"object":"bucket",').slice(1)) {
        const start = Number(/"start_time":(\d+)/.exec(bucket)?.[1]);
        const key = month(new Date(start * 1000).toISOString());
        const values = [...bucket.matchAll(/"value":(-?[\d.]+)/g)].map((match) =>
          decimalToPico(match[1] ?? ''),
        );
        billed.set(key, (billed.get(key) ?? 0n) + sum(values));
      }
    }

    for (const period of ['2026-03', '2026-04', '2026-05']) {
      expect(billed.get(period)).toBe(estimate.get(`openai|${period}`));
    }
  });

  it('invoices Anthropic for closed months only, with usage, a one-off credit and tax per workspace', () => {
    const invoices = billing('invoice-csv');

    expect(invoices.map((file) => file.key)).toEqual([
      'incoming/billing/invoice-csv/anthropic/2026-03.csv',
      'incoming/billing/invoice-csv/anthropic/2026-04.csv',
    ]);
    for (const file of invoices) {
      expect(linesOf(file)[0]).toBe('billing_period,provider,account,description,category,amount,currency');
    }
    const rows = invoices.flatMap(csvRows);
    expect(new Set(rows.map((row) => row.category))).toEqual(new Set(['usage', 'credit', 'tax']));
    expect(rows.filter((row) => row.category === 'credit').map((row) => row.billing_period)).toEqual([
      '2026-03',
    ]);
    expect(rows.every((row) => /^-?\d+\.\d{2}$/.test(row.amount ?? ''))).toBe(true);
  });

  it('invoices Anthropic usage within rounding of the estimate, except April billed 7% over', () => {
    const byMonth = new Map<string, { billed: bigint; lines: bigint }>();
    for (const row of billing('invoice-csv').flatMap(csvRows)) {
      if (row.category !== 'usage') continue;
      const entry = byMonth.get(row.billing_period ?? '') ?? { billed: 0n, lines: 0n };
      byMonth.set(row.billing_period ?? '', {
        billed: entry.billed + decimalToPico(row.amount ?? ''),
        lines: entry.lines + 1n,
      });
    }

    // Each line is rounded to the cent, so a month can be off by half a cent per line.
    const march = byMonth.get('2026-03');
    const marchEstimate = estimate.get('anthropic|2026-03') ?? 0n;
    expect(march).toBeDefined();
    expect(abs((march?.billed ?? 0n) - marchEstimate)).toBeLessThanOrEqual(HALF_CENT * (march?.lines ?? 0n));
    // April (the month with the most traffic days) is billed at 107% of the estimate.
    const april = byMonth.get('2026-04');
    const aprilEstimate = estimate.get('anthropic|2026-04') ?? 0n;
    expect(abs((april?.billed ?? 0n) - (aprilEstimate * 107n) / 100n)).toBeLessThanOrEqual(
      HALF_CENT * (april?.lines ?? 0n) + 1n,
    );
  });

  it('lets no billing file arrive before its period has data or after the window', () => {
    const windowEnd = Date.parse('2026-05-11T00:00:00Z');
    for (const file of files.filter((candidate) => candidate.key.startsWith('incoming/billing/'))) {
      expect(file.receivedAt.getTime()).toBeLessThanOrEqual(windowEnd);
    }
    // A closed month's FOCUS export arrives after the month ends.
    const march = billing('focus').find((file) => file.key.includes('BILLING_PERIOD=2026-03'));
    expect(march?.receivedAt.toISOString()).toBe('2026-04-02T03:00:00.000Z');
  });
});

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
