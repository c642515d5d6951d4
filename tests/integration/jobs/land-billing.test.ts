import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../lambdas/adapters/local/directory-object-store.ts';
import { EnvSecretStore } from '../../../lambdas/adapters/local/env-secret-store.ts';
import { InvalidInputError } from '../../../lambdas/domain/errors.ts';
import {
  type BillingApiSourceId,
  type LandBillingDeps,
  runLandBilling,
} from '../../../lambdas/jobs/land-billing.ts';
import { ScriptedHttpServer } from '../../helpers/scripted-http-server.ts';
import { sharedDataPath } from '../../helpers/shared-data.ts';

const OPENAI_DATA = sharedDataPath('openai-openapi/');

const OPENAI_KEY = 'sk-admin-openai-TEST-0001';
const ANTHROPIC_KEY = 'sk-ant-admin01-TEST-0002';
const BOTH_KEYS = { OPENAI_ADMIN_KEY: OPENAI_KEY, ANTHROPIC_ADMIN_KEY: ANTHROPIC_KEY };

const COSTS = '/v1/organization/costs';
const USAGE = '/v1/organization/usage/completions';
const ANTHROPIC_COSTS = '/v1/organizations/cost_report';
const ANTHROPIC_USAGE = '/v1/organizations/usage_report/messages';

// The range 2024-10-31 (inclusive) to 2024-11-02 (exclusive): two daily buckets.
// 2024-11-01T00:00Z is 1730419200 (the bucket of the OpenAI examples); a day is 86400 s,
// so the start is 1730419200 - 86400 = 1730332800 and the end 1730419200 + 86400 = 1730505600.
const RANGE = { from: '2024-10-31', to: '2024-11-02' };
const FOLDER = '2024-10-31_2024-11-02';
const NOW = new Date('2024-11-02T06:00:00.000Z');
const RUN_ID = '2024-11-02T06-00-00-000Z-land-billing';

// Page 1 of the costs is written here (one bucket, grouped by project and line item);
// page 2 is OpenAI's own example, read below. Whitespace is deliberate: pages land verbatim.
const COSTS_PAGE_1 = `{
  "object": "page",
  "data": [
    { "object": "bucket", "start_time": 1730332800, "end_time": 1730419200,
      "results": [ { "object": "organization.costs.result", "amount": { "value": 0.06, "currency": "usd" },
                     "line_item": "gpt-4o-2024-08-06, input", "project_id": "proj_abc",
                     "quantity": 10000, "quantity_unit": "tokens" } ] }
  ],
  "has_more": true,
  "next_page": "page_costs_2"
}
`;
// Page 1 of the usage is OpenAI's example (has_more true, a real-looking cursor with '=');
// page 2 closes the sequence.
const USAGE_LAST_PAGE = '{"object":"page","data":[],"has_more":false,"next_page":null}';
const USAGE_CURSOR = 'page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=';
const ANTHROPIC_COSTS_PAGE = `{"data":[{"starting_at":"2024-10-31T00:00:00Z","ending_at":"2024-11-01T00:00:00Z","results":[
 {"currency":"USD","amount":"123.45","workspace_id":"wrkspc_01","description":"Claude Sonnet 4 Usage - Input Tokens",
  "cost_type":"tokens","context_window":"0-200k","model":"claude-sonnet-4-20250514","service_tier":"standard",
  "token_type":"uncached_input_tokens"}]}],"has_more":false,"next_page":null}`;
const ANTHROPIC_USAGE_PAGE = `{"data":[{"starting_at":"2024-10-31T00:00:00Z","ending_at":"2024-11-01T00:00:00Z","results":[
 {"uncached_input_tokens":1500,"cache_creation":{"ephemeral_1h_input_tokens":1000,"ephemeral_5m_input_tokens":500},
  "cache_read_input_tokens":200,"output_tokens":500,"server_tool_use":{"web_search_requests":10},
  "api_key_id":"apikey_01","workspace_id":"wrkspc_01","model":"claude-sonnet-4-20250514",
  "service_tier":"standard","context_window":"0-200k"}]}],"has_more":false,"next_page":null}`;

describe('Job: land-billing (local HTTP server, directory store)', () => {
  const server = new ScriptedHttpServer();
  let baseUrl: string;
  let costsExample: string;
  let usageExample: string;
  let lake: string;
  let store: DirectoryObjectStore;
  let sleeps: number[];

  beforeAll(async () => {
    baseUrl = await server.start();
    costsExample = await readFile(new URL('costs_response.example.json', OPENAI_DATA), 'utf8');
    usageExample = await readFile(new URL('usage_completions_response.example.json', OPENAI_DATA), 'utf8');
  });

  afterAll(() => server.stop());

  beforeEach(async () => {
    server.reset();
    lake = await mkdtemp(join(tmpdir(), 'land-billing-'));
    store = new DirectoryObjectStore(lake);
    sleeps = [];
  });

  function deps(env: Record<string, string> = BOTH_KEYS): LandBillingDeps {
    return {
      store,
      secrets: new EnvSecretStore(env),
      fetch: globalThis.fetch,
      clock: { now: () => NOW },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    };
  }

  const options = (extra: object = {}) => ({
    ...RANGE,
    openAiBaseUrl: baseUrl,
    anthropicBaseUrl: baseUrl,
    ...extra,
  });

  function scriptAllSources(): void {
    server.respond(COSTS, undefined, ok(COSTS_PAGE_1));
    server.respond(COSTS, 'page_costs_2', ok(costsExample));
    server.respond(USAGE, undefined, ok(usageExample));
    server.respond(USAGE, USAGE_CURSOR, ok(USAGE_LAST_PAGE));
    server.respond(ANTHROPIC_COSTS, undefined, ok(ANTHROPIC_COSTS_PAGE));
    server.respond(ANTHROPIC_USAGE, undefined, ok(ANTHROPIC_USAGE_PAGE));
  }

  const text = async (key: string) => Buffer.from((await store.getBytes(key)) ?? []).toString('utf8');
  const json = async (key: string) => JSON.parse(await text(key));

  it('lands every page of every source verbatim when the reports follow a next_page cursor', async () => {
    // Prepare
    scriptAllSources();

    // Act
    const record = await runLandBilling(deps(), options());

    // Assess: the pages, byte for byte as served, under the DESIGN §5 keys.
    expect(await text(`incoming/billing/openai-costs/${FOLDER}/page-0001.json`)).toBe(COSTS_PAGE_1);
    expect(await text(`incoming/billing/openai-costs/${FOLDER}/page-0002.json`)).toBe(costsExample);
    expect(await text(`incoming/usage/openai-usage/${FOLDER}/page-0001.json`)).toBe(usageExample);
    expect(await text(`incoming/usage/openai-usage/${FOLDER}/page-0002.json`)).toBe(USAGE_LAST_PAGE);
    expect(await text(`incoming/billing/anthropic-costs/${FOLDER}/page-0001.json`)).toBe(
      ANTHROPIC_COSTS_PAGE,
    );
    expect(await text(`incoming/usage/anthropic-usage/${FOLDER}/page-0001.json`)).toBe(ANTHROPIC_USAGE_PAGE);
    // 2 + 2 + 1 + 1 pages, 4 manifests and 1 run record: nothing else was written.
    expect(await filesUnder(lake)).toHaveLength(11);

    // Assess: what the server saw. OpenAI: bearer token, unix seconds, daily buckets.
    const costs = server.requestsTo(COSTS);
    expect(costs).toHaveLength(2);
    expect(costs.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${OPENAI_KEY}`,
      `Bearer ${OPENAI_KEY}`,
    ]);
    expect(costs[0]?.query.get('start_time')).toBe('1730332800');
    expect(costs[0]?.query.get('end_time')).toBe('1730505600');
    expect(costs[0]?.query.get('bucket_width')).toBe('1d');
    expect(costs[0]?.query.getAll('group_by')).toEqual(['project_id', 'line_item']);
    expect(costs[0]?.query.has('page')).toBe(false);
    expect(costs[1]?.query.get('page')).toBe('page_costs_2');
    // The cursor contains '=', so it must arrive URL-decoded intact.
    expect(server.requestsTo(USAGE)[1]?.query.get('page')).toBe(USAGE_CURSOR);
    // Anthropic: x-api-key and anthropic-version, RFC 3339 times, group_by[].
    for (const path of [ANTHROPIC_COSTS, ANTHROPIC_USAGE]) {
      const [request] = server.requestsTo(path);
      expect(request?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
      expect(request?.headers['anthropic-version']).toBe('2023-06-01');
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.query.get('starting_at')).toBe('2024-10-31T00:00:00Z');
      expect(request?.query.get('ending_at')).toBe('2024-11-02T00:00:00Z');
    }
    expect(server.requestsTo(ANTHROPIC_COSTS)[0]?.query.getAll('group_by[]')).toEqual([
      'workspace_id',
      'description',
    ]);

    // Assess: the manifest names the pages; the run record says what happened.
    const manifest = await json(`state/land-billing/openai-costs/${FOLDER}.json`);
    expect(manifest.pages.map((page: { key: string }) => page.key)).toEqual([
      `incoming/billing/openai-costs/${FOLDER}/page-0001.json`,
      `incoming/billing/openai-costs/${FOLDER}/page-0002.json`,
    ]);
    expect(manifest.pages[1].bytes).toBe(Buffer.byteLength(costsExample));
    expect(record.run_id).toBe(RUN_ID);
    expect(record.status).toBe('succeeded');
    expect(record.sources.map((s) => [s.source, s.status, s.pages])).toEqual([
      ['openai-costs', 'landed', 2],
      ['openai-usage', 'landed', 2],
      ['anthropic-costs', 'landed', 1],
      ['anthropic-usage', 'landed', 1],
    ]);
    expect(await json(`state/runs/land-billing/${RUN_ID}.json`)).toEqual(record);
    await expectNoFileContains(lake, [OPENAI_KEY, ANTHROPIC_KEY]);
  });

  it('waits the Retry-After seconds and retries when the API answers 429', async () => {
    // Prepare: one 429 asking for 7 s, then the page.
    const tooMany = {
      status: 429,
      headers: { 'retry-after': '7' },
      body: '{"error":{"message":"Rate limit"}}',
    };
    server.respond(COSTS, undefined, tooMany, ok(costsExample));

    // Act
    const record = await runLandBilling(deps(), options({ sources: ['openai-costs'] }));

    // Assess: 7 s = 7000 ms, waited once; two requests; the page landed.
    expect(sleeps).toEqual([7000]);
    expect(server.requestsTo(COSTS)).toHaveLength(2);
    expect(record.sources[0]).toMatchObject({ status: 'landed', pages: 1, retries: 1 });
    expect(await text(`incoming/billing/openai-costs/${FOLDER}/page-0001.json`)).toBe(costsExample);
  });

  it('backs off exponentially and retries when the API answers 500', async () => {
    // Prepare: two 500s without Retry-After, then the page.
    const broken = { status: 500, body: '{"type":"error","error":{"type":"api_error"}}' };
    server.respond(ANTHROPIC_COSTS, undefined, broken, broken, ok(ANTHROPIC_COSTS_PAGE));

    // Act
    const record = await runLandBilling(deps(), options({ sources: ['anthropic-costs'] }));

    // Assess: waits of 1 s then 2 s (1 s doubled).
    expect(sleeps).toEqual([1000, 2000]);
    expect(record.sources[0]).toMatchObject({ status: 'landed', retries: 2 });
    expect(await text(`incoming/billing/anthropic-costs/${FOLDER}/page-0001.json`)).toBe(
      ANTHROPIC_COSTS_PAGE,
    );
  });

  it('fails the source after five attempts when the API keeps answering 503', async () => {
    // Prepare
    server.respond(ANTHROPIC_USAGE, undefined, { status: 503, body: 'upstream unavailable' });

    // Act
    const record = await runLandBilling(deps(), options({ sources: ['anthropic-usage'] }));

    // Assess: 5 attempts, 4 waits of 1, 2, 4 and 8 s; nothing landed, no manifest.
    expect(server.requestsTo(ANTHROPIC_USAGE)).toHaveLength(5);
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(record.status).toBe('failed');
    expect(record.sources[0]).toMatchObject({ status: 'failed', http_status: 503, pages: 0 });
    expect(record.sources[0]?.reason).toContain('gave up after 5 attempts');
    expect(await filesUnder(lake)).toEqual([`state/runs/land-billing/${RUN_ID}.json`]);
  });

  it('fails only that source when the API answers 401, and keeps the key out of the error', async () => {
    // Prepare: OpenAI refuses the key and, as it does, quotes the key it received.
    scriptAllSources();
    const refusal = `{"error":{"message":"Incorrect API key provided: ${OPENAI_KEY}.","code":"invalid_api_key"}}`;
    server.respond(COSTS, undefined, { status: 401, body: refusal });

    // Act
    const record = await runLandBilling(deps(), options());

    // Assess: no retry for a 401; the other three sources landed.
    expect(server.requestsTo(COSTS)).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(record.status).toBe('partial');
    expect(record.sources.map((s) => s.status)).toEqual(['failed', 'landed', 'landed', 'landed']);
    const reason = record.sources[0]?.reason ?? '';
    expect(record.sources[0]?.http_status).toBe(401);
    expect(reason).toContain('401');
    expect(reason).toContain(`${baseUrl}${COSTS}?start_time=1730332800`);
    expect(reason).toContain('invalid_api_key');
    expect(reason).not.toContain(OPENAI_KEY);
    expect(await store.head(`incoming/billing/openai-costs/${FOLDER}/page-0001.json`)).toBeUndefined();
    expect(await store.head(`incoming/usage/openai-usage/${FOLDER}/page-0002.json`)).toBeDefined();
    await expectNoFileContains(lake, [OPENAI_KEY, ANTHROPIC_KEY]);
  });

  it('skips a source without calling its API when no key is configured', async () => {
    // Prepare: only the Anthropic key; the OpenAI variable is blank, which means unset.
    scriptAllSources();

    // Act
    const record = await runLandBilling(
      deps({ OPENAI_ADMIN_KEY: ' ', ANTHROPIC_ADMIN_KEY: ANTHROPIC_KEY }),
      options(),
    );

    // Assess
    expect(record.status).toBe('succeeded');
    expect(record.sources.map((s) => [s.source, s.status, s.reason])).toEqual([
      ['openai-costs', 'skipped', 'no key'],
      ['openai-usage', 'skipped', 'no key'],
      ['anthropic-costs', 'landed', null],
      ['anthropic-usage', 'landed', null],
    ]);
    expect(server.requests.filter((r) => r.path.startsWith('/v1/organization/'))).toEqual([]);
  });

  it('leaves byte-identical files when the same range is landed again', async () => {
    // Prepare
    scriptAllSources();
    await runLandBilling(deps(), options());
    const first = await snapshot(lake, 'incoming/');

    // Act
    scriptAllSources();
    const record = await runLandBilling(deps(), options());

    // Assess: same keys, same bytes; every page was found identical and not rewritten.
    expect(await snapshot(lake, 'incoming/')).toEqual(first);
    expect(Object.keys(first)).toHaveLength(6);
    expect(record.sources.map((s) => [s.pages_written, s.pages_unchanged, s.stale_pages_deleted])).toEqual([
      [0, 2, 0],
      [0, 2, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]);
  });

  it('deletes the stale page when a re-run of the range returns fewer pages', async () => {
    // Prepare: the first run lands two usage pages.
    scriptAllSources();
    await runLandBilling(deps(), options({ sources: ['openai-usage'] }));
    expect(await store.head(`incoming/usage/openai-usage/${FOLDER}/page-0002.json`)).toBeDefined();

    // Act: now the whole range fits on one page.
    server.reset();
    server.respond(USAGE, undefined, ok(USAGE_LAST_PAGE));
    const record = await runLandBilling(deps(), options({ sources: ['openai-usage'] }));

    // Assess
    expect(await filesUnder(lake, 'incoming/')).toEqual([
      `incoming/usage/openai-usage/${FOLDER}/page-0001.json`,
    ]);
    expect(await text(`incoming/usage/openai-usage/${FOLDER}/page-0001.json`)).toBe(USAGE_LAST_PAGE);
    expect(record.sources[0]).toMatchObject({ pages: 1, pages_written: 1, stale_pages_deleted: 1 });
    const manifest = await json(`state/land-billing/openai-usage/${FOLDER}.json`);
    expect(manifest.pages).toHaveLength(1);
  });

  it('rejects a bad range or an unknown source before calling any API', async () => {
    // Act / Assess
    await expect(runLandBilling(deps(), options({ from: '2024-11-02', to: '2024-11-02' }))).rejects.toThrow(
      InvalidInputError,
    );
    await expect(runLandBilling(deps(), options({ from: '2024-11-31', to: '2024-12-02' }))).rejects.toThrow(
      /YYYY-MM-DD/,
    );
    await expect(
      runLandBilling(deps(), options({ sources: ['openai-costs', 'openai-invoices' as BillingApiSourceId] })),
    ).rejects.toThrow(/unknown billing source "openai-invoices"/);
    expect(server.requests).toEqual([]);
  });
});

function ok(body: string) {
  return { status: 200, body };
}

/** Every file under the directory as an object key, sorted; optionally only those under a prefix. */
async function filesUnder(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((key) => key.startsWith(prefix))
    .sort();
}

async function snapshot(root: string, prefix: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const key of await filesUnder(root, prefix)) files[key] = await readFile(`${root}/${key}`, 'utf8');
  return files;
}

async function expectNoFileContains(root: string, secrets: string[]): Promise<void> {
  const files = await snapshot(root, '');
  for (const [key, content] of Object.entries(files)) {
    for (const secret of secrets) expect(content.includes(secret), `${key} contains a key`).toBe(false);
  }
}
