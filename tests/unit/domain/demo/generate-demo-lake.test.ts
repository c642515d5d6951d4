import { beforeAll, describe, expect, it } from 'vitest';
import { CostAllocationEventSchema } from '../../../../lambdas/domain/cost-event.ts';
import {
  DEMO_DUPLICATE_LINES,
  DEMO_MALFORMED_LINES,
  type DemoFile,
  generateDemoLake,
} from '../../../../lambdas/domain/demo/generate-demo-lake.ts';
import { InvalidInputError } from '../../../../lambdas/domain/errors.ts';
import { BusinessUnitOutcomeEventSchema } from '../../../../lambdas/domain/outcome-event.ts';
import { checkPriceBook, PRICE_COLUMNS, PriceRowSchema } from '../../../../lambdas/domain/price-book.ts';
import { SettingsSchema } from '../../../../lambdas/domain/settings.ts';
import {
  csvRows,
  fileAt,
  linesOf,
  textOf,
  uniqueRequests,
  validEvents,
  validOutcomes,
} from '../../../helpers/demo-lake.ts';

const options = { seed: 42, days: 45, endDate: '2026-05-10' };
// The end of 2026-05-10 (UTC): nothing may arrive later.
const windowEnd = Date.parse('2026-05-11T00:00:00Z');

/** Why a line fails its contract, named like the DEMO_MALFORMED_LINES keys. */
function failureOf(
  line: string,
  schema: typeof CostAllocationEventSchema | typeof BusinessUnitOutcomeEventSchema,
) {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'invalid_json';
  }
  const result = schema.safeParse(value);
  if (result.success) return null;
  const paths = result.error.issues.map((issue) => issue.path.join('.'));
  if (paths.every((path) => path === 'model_or_deployment' || path === 'unit_id'))
    return 'missing_required_field';
  if (paths.every((path) => path === 'usage.output_tokens' || path === 'usage.input_tokens'))
    return 'negative_tokens';
  if (paths.every((path) => path === 'usage.cached_input_tokens')) return 'cached_exceeds_input';
  return `unexpected: ${paths.join(', ')}`;
}

function failureCounts(files: readonly DemoFile[], prefix: string, schema: Parameters<typeof failureOf>[1]) {
  const counts: Record<string, number> = {};
  for (const file of files.filter((candidate) => candidate.key.startsWith(prefix))) {
    for (const line of linesOf(file)) {
      const failure = failureOf(line, schema);
      if (failure) counts[failure] = (counts[failure] ?? 0) + 1;
    }
  }
  return counts;
}

function duplicateCount(files: readonly DemoFile[], prefix: string): number {
  let duplicates = 0;
  for (const file of files.filter((candidate) => candidate.key.startsWith(prefix))) {
    const seen = new Set<string>();
    for (const line of linesOf(file)) {
      if (seen.has(line)) duplicates++;
      seen.add(line);
    }
  }
  return duplicates;
}

describe('Generator: demo lake', () => {
  let files: DemoFile[];
  let events: ReturnType<typeof validEvents>;
  let outcomes: ReturnType<typeof validOutcomes>;

  beforeAll(() => {
    files = generateDemoLake(options);
    events = validEvents(files);
    outcomes = validOutcomes(files);
  });

  it('returns byte-identical files when the options are the same', () => {
    const again = generateDemoLake(options);

    expect(again.map((file) => [file.key, textOf(file), file.receivedAt.toISOString(), file.gzip])).toEqual(
      files.map((file) => [file.key, textOf(file), file.receivedAt.toISOString(), file.gzip]),
    );
  });

  it('returns different traffic when the seed differs', () => {
    const other = generateDemoLake({ ...options, seed: 43 });

    const eventText = (lake: DemoFile[]) =>
      lake
        .filter((file) => file.key.startsWith('incoming/events/'))
        .map(textOf)
        .join('');
    expect(eventText(other)).not.toEqual(eventText(files));
  });

  it('throws InvalidInputError when the end date, the days or the volume cannot make a lake', () => {
    expect(() => generateDemoLake({ ...options, endDate: '2026-02-30' })).toThrow(InvalidInputError);
    expect(() => generateDemoLake({ ...options, days: 0 })).toThrow(InvalidInputError);
    // 2 × 100 requests is under the 250 the declared malformed and duplicate lines need.
    expect(() => generateDemoLake({ ...options, days: 2, requestsPerDay: 100 })).toThrow(InvalidInputError);
  });

  it('passes every event line through the contract except the declared malformed ones', () => {
    const counts = failureCounts(files, 'incoming/events/', CostAllocationEventSchema);

    expect(counts).toEqual(DEMO_MALFORMED_LINES.events);
  });

  it('passes every outcome line through the contract except the declared malformed ones', () => {
    const counts = failureCounts(files, 'incoming/outcomes/', BusinessUnitOutcomeEventSchema);

    expect(counts).toEqual(DEMO_MALFORMED_LINES.outcomes);
  });

  it('repeats exactly the declared number of lines within their own file', () => {
    expect(duplicateCount(files, 'incoming/events/')).toBe(DEMO_DUPLICATE_LINES.events);
    expect(duplicateCount(files, 'incoming/outcomes/')).toBe(DEMO_DUPLICATE_LINES.outcomes);
  });

  it('gives every valid request its own request id, apart from the exact duplicates', () => {
    expect(events.length - uniqueRequests(events).length).toBe(DEMO_DUPLICATE_LINES.events);
  });

  it('writes a price table with exactly the contract columns that passes the row schema and the book checks', () => {
    const file = fileAt(files, 'config/pricing/prices.csv');
    const header = textOf(file).split('\n')[0];
    const rows = csvRows(file).map((row, index) => ({
      file: file.key,
      line: index + 2,
      row: PriceRowSchema.parse(row),
    }));

    expect(header).toBe(PRICE_COLUMNS.join(','));
    expect(checkPriceBook(rows)).toEqual([]);
  });

  it('changes the gpt-4.1 price mid-window with two rows per token type meeting at one instant', () => {
    const rows = csvRows(fileAt(files, 'config/pricing/prices.csv')).map((row) => PriceRowSchema.parse(row));
    const input = rows.filter((row) => row.model_or_deployment === 'gpt-4.1' && row.token_type === 'input');

    // 45 days from 2026-03-27: the change is 20 days in (floor(45 × 9 / 20)), at noon.
    expect(input.map((row) => [row.effective_from, row.effective_to])).toEqual([
      ['2025-01-01T00:00:00.000Z', '2026-04-16T12:00:00.000Z'],
      ['2026-04-16T12:00:00.000Z', null],
    ]);
    const eventsOfModel = uniqueRequests(events).filter((event) => event.model_or_deployment === 'gpt-4.1');
    expect(eventsOfModel.some((event) => event.timestamp_utc < '2026-04-16T12:00:00.000Z')).toBe(true);
    expect(eventsOfModel.some((event) => event.timestamp_utc >= '2026-04-16T12:00:00.000Z')).toBe(true);
  });

  it('uses a model in the events that has no row in the price table', () => {
    const priced = new Set(
      csvRows(fileAt(files, 'config/pricing/prices.csv')).map((row) => row.model_or_deployment),
    );
    const used = new Set(uniqueRequests(events).map((event) => event.model_or_deployment));

    expect([...used].filter((model) => !priced.has(model))).toEqual(['mistral.mistral-large-2407-v1:0']);
  });

  it('writes settings that pass the settings schema, with a 7-day reopen window for support cases', () => {
    const settings = SettingsSchema.parse(JSON.parse(textOf(fileAt(files, 'config/settings.json'))));

    expect(settings.unit_types.support_case?.reopen_window_days).toBe(7);
    expect(Object.keys(settings.unit_types).sort()).toEqual([
      'code_change',
      'document',
      'research_brief',
      'support_case',
    ]);
    // 45 days of traffic + 7 days for late outcomes.
    expect(settings.recompute_window_days).toBe(52);
  });

  it('never lets a file arrive after the end of the last day', () => {
    const latest = Math.max(...files.map((file) => file.receivedAt.getTime()));

    expect(latest).toBeLessThanOrEqual(windowEnd);
    expect(files.filter((file) => file.key.startsWith('incoming/events/')).length).toBeGreaterThan(1000);
  });

  it('delivers each event and outcome file after everything it holds happened', () => {
    const located = [
      ...events.map((e) => ({ ...e, at: e.event.timestamp_utc })),
      ...outcomes.map((o) => ({ ...o, at: o.event.outcome_at })),
    ];

    const early = located.filter(({ at, receivedAt }) => Date.parse(at) >= receivedAt.getTime());
    expect(early).toEqual([]);
  });

  it('writes event files per application and hour, gzipped for engineering-copilot, a few minutes after the hour', () => {
    const eventFiles = files.filter((file) => file.key.startsWith('incoming/events/'));
    const pattern = /^incoming\/events\/([a-z-]+)\/(\d{4}-\d{2}-\d{2})\/(\d{2})\.ndjson(\.gz)?$/;

    for (const file of eventFiles) {
      const [, application, day, hour, gz] = pattern.exec(file.key) ?? [];
      expect(application).toBeDefined();
      expect(Boolean(gz)).toBe(application === 'engineering-copilot');
      expect(Boolean(file.gzip)).toBe(Boolean(gz));
      const delayMinutes = (file.receivedAt.getTime() - Date.parse(`${day}T${hour}:00:00Z`)) / 60_000;
      // Shipped 2 to 9 minutes after the hour ends, unless the window ends first.
      if (file.receivedAt.getTime() < windowEnd) expect(delayMinutes).toBeGreaterThanOrEqual(62);
      expect(delayMinutes).toBeLessThanOrEqual(69);
    }
  });

  it('delivers some outcome files days late', () => {
    const late = files.filter((file) => {
      const day = /\/(\d{4}-\d{2}-\d{2})\.ndjson$/.exec(file.key)?.[1];
      return (
        day &&
        file.key.startsWith('incoming/outcomes/') &&
        file.receivedAt.getTime() - Date.parse(day) > 2 * 86_400_000
      );
    });

    expect(late.length).toBeGreaterThan(0);
  });

  it('shows the traffic features the demo promises', () => {
    const requests = uniqueRequests(events);
    const rawLines = files.filter((file) => file.key.startsWith('incoming/events/')).flatMap(linesOf);

    expect(new Set(requests.map((event) => event.application)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(requests.map((event) => event.workflow))).toEqual(
      new Set(['support_assistant', 'document_extraction', 'account_research', 'code_assistant']),
    );
    expect(new Set(requests.map((event) => event.tenant_id).filter(Boolean)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(requests.map((event) => event.provider))).toEqual(
      new Set(['openai', 'anthropic', 'bedrock']),
    );
    expect(requests.some((event) => event.environment === 'staging')).toBe(true);
    expect(requests.some((event) => event.routing.attempt_number === 2)).toBe(true);
    expect(requests.some((event) => event.routing.attempt_number === 3)).toBe(true);
    expect(requests.some((event) => event.routing.fallback_used && event.routing.fallback_route)).toBe(true);
    expect(requests.some((event) => event.status === 'failed')).toBe(true);
    expect(requests.some((event) => event.status === 'timeout')).toBe(true);
    expect(requests.some((event) => (event.usage.cached_input_tokens ?? 0) > 0)).toBe(true);
    expect(requests.some((event) => (event.usage.cache_write_tokens ?? 0) > 0)).toBe(true);
    expect(requests.some((event) => (event.usage.reasoning_tokens ?? 0) > 0)).toBe(true);
    expect(
      requests
        .filter((event) => event.workflow === 'document_extraction')
        .every((e) => e.billing_category === 'batch'),
    ).toBe(true);
    expect(requests.some((event) => event.business_unit?.unit_outcome)).toBe(true);
    expect(requests.some((event) => !event.business_unit)).toBe(true);
    expect(rawLines.some((line) => /"cost_estimate":\{"amount":\d/.test(line))).toBe(true);
    expect(rawLines.some((line) => /"cost_estimate":\{"amount":"\d/.test(line))).toBe(true);
    expect(rawLines.some((line) => line.includes('"trace_id"'))).toBe(true);
    // Two prompt versions per workflow.
    expect(new Set(requests.map((event) => event.prompt_version)).size).toBe(8);
  });

  it('reopens some support cases within 7 days of resolving them', () => {
    const reported = outcomes.map(({ event }) => event);
    const resolvedAt = new Map(
      reported.filter((o) => o.outcome === 'resolved').map((o) => [o.unit_id, Date.parse(o.outcome_at)]),
    );

    const reopened = reported.filter((o) => o.outcome === 'reopened');
    expect(reopened.length).toBeGreaterThan(0);
    for (const outcome of reopened) {
      const days =
        (Date.parse(outcome.outcome_at) - (resolvedAt.get(outcome.unit_id) ?? Number.NaN)) / 86_400_000;
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThan(7);
    }
  });
});
