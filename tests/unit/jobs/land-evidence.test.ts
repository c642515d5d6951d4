import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../lambdas/adapters/local/directory-object-store.ts';
import { type LandRunRecord, runLand } from '../../../lambdas/jobs/land.ts';
import { fixturePath, sharedDataPath } from '../../helpers/evidence-files.ts';
import { readNdjsonTree, tempLake, treeDigest } from '../../helpers/temp-lake.ts';

const clock = { now: () => new Date('2026-06-02T06:00:00Z') };
const ARRIVED = new Date('2026-06-02T03:00:00Z');
const BEDROCK_HOUR =
  'incoming/usage/bedrock-invocation-logs/AWSLogs/123456789012/BedrockModelInvocationLogs/us-west-2/2026/04/19/23';
const KEYS = {
  focus: 'incoming/billing/focus/export/data/BILLING_PERIOD=2026-05/export-00001.csv.gz',
  focusManifest: 'incoming/billing/focus/export/metadata/BILLING_PERIOD=2026-05/export-Manifest.json',
  invoice: 'incoming/billing/invoice-csv/anthropic/2026-04.csv',
  openAiMay: 'incoming/billing/openai-costs/2026-05-31_2026-06-02/page-0001.json',
  openAiJune: 'incoming/billing/openai-costs/2026-06-01_2026-06-02/page-0001.json',
  anthropicBad: 'incoming/billing/anthropic-costs/2026-05-01_2026-05-02/page-0001.json',
  bedrockLog: `${BEDROCK_HOUR}/log-0001.json.gz`,
  bedrockBody: `${BEDROCK_HOUR}/data/5346af27_input.json.gz`,
  bedrockProbe:
    'incoming/usage/bedrock-invocation-logs/AWSLogs/123456789012/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check',
  openAiUsage: 'incoming/usage/openai-usage/2024-11-01_2024-11-02/page-0001.json',
  unknown: 'incoming/billing/stripe/2026-05.csv',
  cur: 'incoming/billing/cur/report/year=2026/month=5/report-00001.snappy.parquet',
} as const;

describe('Job: land (billing evidence and provider usage records)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let store: DirectoryObjectStore;

  const put = (key: string, body: string | Buffer) => store.put(key, body, { lastModified: ARRIVED });
  const fixture = (path: string) => readFileSync(fixturePath(path));
  const objectOf = (record: LandRunRecord, key: string) =>
    record.objects.find((object) => object.key === key);
  const rows = (path: string) => readNdjsonTree(join(root, path));

  beforeEach(async () => {
    ({ root, cleanup } = await tempLake());
    store = new DirectoryObjectStore(root);
    await put(KEYS.focus, gzipSync(fixture('billing/focus/null-encodings-mixed-case-two-clouds.csv')));
    await put(KEYS.focusManifest, '{"reportId":"x"}');
    await put(KEYS.invoice, fixture('billing/invoice-csv/usage-tax-credit-two-workspaces.csv'));
    const page = JSON.parse(
      fixture('billing/openai-costs/two-days-across-month-end-with-tool-fee.json').toString(),
    );
    await put(KEYS.openAiMay, JSON.stringify(page));
    // A later pull whose range overlaps: the 2026-06-01 bucket again.
    await put(KEYS.openAiJune, JSON.stringify({ ...page, data: page.data.slice(1) }));
    await put(KEYS.anthropicBad, fixture('billing/anthropic-costs/invalid-amount-and-currency.json'));
    await put(
      KEYS.bedrockLog,
      gzipSync(
        fixture('usage/bedrock-invocation-logs/three-requests-cache-write-arn-and-three-bad-lines.jsonl'),
      ),
    );
    await put(KEYS.bedrockBody, gzipSync('{"messages":[]}'));
    await put(KEYS.bedrockProbe, '');
    await put(
      KEYS.openAiUsage,
      readFileSync(sharedDataPath('openai-openapi/usage_completions_response.example.json')),
    );
    await put(KEYS.unknown, 'a,b\n1,2\n');
    await put(KEYS.cur, 'PAR1');
  });
  afterEach(() => cleanup());

  it('lands each source as billing lines or usage records by period and day, counting every record', async () => {
    // Act
    const record = await runLand({ store, clock });

    // Assess: per object, read = valid + duplicates + quarantined.
    for (const object of record.objects) {
      expect(object.records_read, object.key).toBe(object.valid + object.duplicates + object.quarantined);
    }
    const counts = (key: string) => {
      const object = objectOf(record, key);
      return [object?.kind, object?.records_read, object?.valid, object?.quarantined, object?.blank_lines];
    };
    expect(counts(KEYS.focus)).toEqual(['billing_lines', 9, 9, 0, 0]);
    expect(counts(KEYS.invoice)).toEqual(['billing_lines', 6, 6, 0, 0]);
    expect(counts(KEYS.openAiMay)).toEqual(['billing_lines', 5, 5, 0, 0]);
    expect(counts(KEYS.openAiJune)).toEqual(['billing_lines', 1, 1, 0, 0]);
    expect(counts(KEYS.anthropicBad)).toEqual(['billing_lines', 4, 1, 3, 0]);
    // Lines 1, 2, 4 land; line 3 is blank; 5 (negative count), 6 (bad time), 7 (cut-off JSON) do not.
    expect(counts(KEYS.bedrockLog)).toEqual(['usage_records', 6, 3, 3, 1]);
    expect(counts(KEYS.openAiUsage)).toEqual(['usage_records', 1, 1, 0, 0]);

    // FOCUS: 8 May lines, the correction in June; invoice in April; OpenAI May and June.
    const april = await rows('raw/billing_lines/dt=2026-04-01');
    const may = await rows('raw/billing_lines/dt=2026-05-01');
    const june = await rows('raw/billing_lines/dt=2026-06-01');
    expect(april.map((line) => line.source)).toEqual(Array(6).fill('invoice-csv'));
    expect(may.filter((line) => line.source === 'focus')).toHaveLength(8);
    expect(may.filter((line) => line.source === 'openai-costs')).toHaveLength(4);
    expect(may.filter((line) => line.source === 'anthropic-costs')).toHaveLength(1);
    expect(june.map((line) => [line.source, line.charge_class])).toEqual(
      expect.arrayContaining([
        ['focus', 'correction'],
        ['openai-costs', null],
        ['openai-costs', null],
      ]),
    );
    // The same bucket from two overlapping pulls: two lines, one id, for readers to keep once.
    const juneOpenAi = june.filter((line) => line.source === 'openai-costs');
    expect(new Set(juneOpenAi.map((line) => line.source_line_id)).size).toBe(1);
    expect(new Set(juneOpenAi.map((line) => line.source_key))).toEqual(
      new Set([KEYS.openAiMay, KEYS.openAiJune]),
    );

    expect((await rows('raw/usage_records/dt=2026-04-19')).map((usage) => usage.input_tokens)).toEqual([
      24482,
    ]);
    expect((await rows('raw/usage_records/dt=2026-04-20')).map((usage) => usage.input_tokens)).toEqual([
      2000, 40,
    ]);
    expect(await rows('raw/usage_records/dt=2024-11-01')).toHaveLength(1);

    expect(record.partitions_written).toEqual([
      { kind: 'billing_lines', dt: '2026-04-01' },
      { kind: 'billing_lines', dt: '2026-05-01' },
      { kind: 'billing_lines', dt: '2026-06-01' },
      { kind: 'usage_records', dt: '2024-11-01' },
      { kind: 'usage_records', dt: '2026-04-19' },
      { kind: 'usage_records', dt: '2026-04-20' },
    ]);
  });

  it('quarantines rejected records with file, line, field and reason under the arrival day', async () => {
    // Act
    await runLand({ store, clock });

    // Assess
    const billing = await rows('quarantine/billing_lines/dt=2026-06-02');
    expect(
      billing.map((entry) => [entry.source_key, entry.line, (entry.reasons as { path: string }[])[0]?.path]),
    ).toEqual([
      [KEYS.anthropicBad, 1, 'data.0.results.0.amount'],
      [KEYS.anthropicBad, 2, 'data.0.results.1.amount'],
      [KEYS.anthropicBad, 3, 'data.0.results.2.currency'],
    ]);
    expect(JSON.parse(billing[0]?.text as string)).toMatchObject({ amount: '12,50' });
    const usage = await rows('quarantine/usage_records/dt=2026-06-02');
    expect(usage.map((entry) => [entry.line, (entry.reasons as { path: string }[])[0]?.path])).toEqual([
      [5, 'input.inputTokenCount'],
      [6, 'timestamp'],
      [7, ''],
    ]);
    const cutOff = usage[2]?.reasons as { message: string }[] | undefined;
    expect(cutOff?.[0]?.message).toMatch(/^invalid JSON/);
  });

  it('lists what it does not read, with the reason', async () => {
    // Act
    const record = await runLand({ store, clock });

    // Assess
    const reasons = Object.fromEntries(record.ignored.map((entry) => [entry.key, entry.reason]));
    expect(reasons[KEYS.focusManifest]).toMatch(/^not a FOCUS export/);
    expect(reasons[KEYS.bedrockBody]).toMatch(/large request or response body/);
    expect(reasons[KEYS.bedrockProbe]).toMatch(/permission probe/);
    expect(reasons[KEYS.unknown]).toBe(
      'unknown billing source folder "stripe"; expected one of focus, openai-costs, anthropic-costs, invoice-csv',
    );
    expect(reasons[KEYS.cur]).toMatch(/read in place by the SQL staging/);
    expect(record.ignored).toHaveLength(5);
  });

  it('lands nothing twice: a second run skips every object and leaves the lake byte for byte', async () => {
    // Prepare
    const first = await runLand({ store, clock });
    const before = {
      ...(await treeDigest(join(root, 'raw'))),
      ...(await treeDigest(join(root, 'quarantine'))),
    };

    // Act
    const second = await runLand({ store, clock });

    // Assess
    const after = {
      ...(await treeDigest(join(root, 'raw'))),
      ...(await treeDigest(join(root, 'quarantine'))),
    };
    expect(second.totals.objects_landed).toBe(0);
    expect(second.totals.objects_already_landed).toBe(first.totals.objects_landed);
    expect(after).toEqual(before);
  });

  it('lands the rows before a broken CSV quote and quarantines the unreadable rest', async () => {
    // Prepare: line 3 opens a quote that never closes.
    const key = 'incoming/billing/invoice-csv/broken/2026-04.csv';
    await put(
      key,
      [
        'billing_period,provider,account,description,category,amount,currency',
        '2026-04,anthropic,w1,Sales tax,tax,1.00,USD',
        '2026-04,anthropic,w1,"unterminated,usage,2.00,USD',
        '2026-04,anthropic,w1,Sales tax,tax,3.00,USD',
      ].join('\n'),
    );

    // Act
    const record = await runLand({ store, clock });

    // Assess
    const object = objectOf(record, key);
    expect(object).toMatchObject({ records_read: 2, valid: 1, quarantined: 1 });
    expect(object?.error).toMatch(/^the object could not be read past line 2: Quote Not Closed/);
    const landed = (await rows('raw/billing_lines/dt=2026-04-01')).filter((line) => line.source_key === key);
    expect(landed.map((line) => line.billed_cost)).toEqual(['1']);
  });
});
