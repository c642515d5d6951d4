/**
 * `npm run bench:compute [-- --requests N --days D --runs R --dir DIR --keep]`
 *
 * Generates D days x (N / D) requests as the raw NDJSON partitions `land` writes (plus
 * outcomes, prices and land run records), then measures, each in a fresh child process
 * so peak RSS is per phase:
 *   - read once: the time DuckDB takes to read and parse every column of the raw files compute reads
 *     (cost events and outcomes);
 *   - compute, first run: merge everything into the curated tables and compute the window;
 *   - compute, re-run: nothing new landed, the whole window recomputed;
 *   - compute, next day landed: one more day of requests (N / D) and its outcomes merged, the
 *     window recomputed as of the end of that day: what the scheduled daily run does.
 * Prints medians over R runs (default 3) and the median of each run's ratio of compute to read-once.
 * Defaults: N = 10,000,000 (or BENCH_REQUESTS), D = 30. With --dir, a lake generated there before is
 * reused. No timing assertion anywhere.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openLocalWarehouse } from '../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { DirectoryObjectStore } from '../lambdas/adapters/local/directory-object-store.ts';
import { runCompute } from '../lambdas/jobs/compute.ts';
import { LAND_RUNS_PREFIX } from '../lambdas/jobs/compute-partitions.ts';
import { systemClock } from '../lambdas/ports/clock.ts';
import type { QueryEngine, RawRow } from '../lambdas/ports/query-engine.ts';
import { loadSqlCatalog } from '../lambdas/sql/sql-catalog.ts';
import { SqlRunner } from '../lambdas/sql/sql-runner.ts';
import type { Warehouse } from '../lambdas/sql/warehouse.ts';

const AS_OF = new Date('2026-05-31T00:00:00.000Z');
const LAST_DAY = Date.UTC(2026, 4, 30);
// Land writes each partition in parts of 8 MiB (lambdas/jobs/land/partition-writer.ts); so does the
// bench, which sets how many files a merge reads and so how well its scans spread over the cores.
const PART_BYTES = 8 << 20;
const SCRIPT = fileURLToPath(import.meta.url);
const LAND_RUN_ID = '2026-05-31T00-00-00-000Z-land-bench';
// The daily phase lands one more day, 2026-05-31, and computes as of the end of it.
const NEXT_DAY_START = LAST_DAY + 86_400_000;
const NEXT_AS_OF = new Date(NEXT_DAY_START + 86_400_000);
const NEXT_DAY_RUN_ID = '2026-06-01T00-00-00-000Z-land-bench-next-day';
const NEXT_DAY_FILE_PREFIX = 'next-day';
// Every generated file reaches the disk before it is closed. Otherwise the kernel writes the lake
// (8 GB at 10M requests) back while the first runs are measured: run 1 of compute took 61-79 s
// right after generating against 52-55 s for the next runs.
const FLUSHED = { flush: true } as const;

const PHASES = ['read', 'compute', 'recompute', 'daily'] as const;
type Phase = (typeof PHASES)[number];

interface Options {
  readonly requests: number;
  readonly days: number;
  readonly runs: number;
  readonly dir: string | undefined;
  readonly keep: boolean;
  readonly phase: Phase | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const count = (text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const parsed = Number.parseInt(text.replaceAll('_', ''), 10);
    if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`not a positive whole number: ${text}`);
    return parsed;
  };
  return {
    requests: count(value('--requests') ?? process.env.BENCH_REQUESTS, 10_000_000),
    days: count(value('--days'), 30),
    runs: count(value('--runs'), 3),
    dir: value('--dir'),
    keep: argv.includes('--keep'),
    phase: value('--phase') as Phase | undefined,
  };
}

const APPLICATIONS = ['support-bot', 'doc-review', 'code-review', 'sales-assist', 'search'];
const WORKFLOWS = ['answer', 'triage', 'summarize', 'classify'];
const MODELS = [
  ['openai', 'gpt-bench'],
  ['openai', 'gpt-bench-mini'],
  ['anthropic', 'claude-bench'],
  ['anthropic', 'unpriced-bench'],
] as const;
const OUTCOMES = ['resolved', 'resolved', 'resolved', 'rejected', 'reopened', 'pending', 'escalated'];

const PRICES = [
  'provider,model_or_deployment,billing_category,token_type,unit_tokens,price,currency,effective_from,effective_to,pricing_source,contract_ref',
  'openai,gpt-bench,standard,input,1000000,2.50,USD,2026-01-01,2026-05-15,list,',
  'openai,gpt-bench,standard,input,1000000,2.00,USD,2026-05-15,,list,',
  'openai,gpt-bench,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'openai,gpt-bench,standard,cached_input,1000000,1.25,USD,2026-01-01,,list,',
  'openai,gpt-bench-mini,standard,input,1000000,0.15,USD,2026-01-01,,list,',
  'openai,gpt-bench-mini,standard,output,1000000,0.60,USD,2026-01-01,,list,',
  'openai,gpt-bench-mini,standard,cached_input,1000000,0.075,USD,2026-01-01,,list,',
  'anthropic,claude-bench,standard,input,1000000,3.00,USD,2026-01-01,,list,',
  'anthropic,claude-bench,standard,output,1000000,15.00,USD,2026-01-01,,list,',
  'anthropic,claude-bench,standard,cached_input,1000000,0.30,USD,2026-01-01,,list,',
  'anthropic,claude-bench,standard,cache_write,1000000,3.75,USD,2026-01-01,,list,',
];

/** Writes the lake: raw/events and raw/outcomes partitions, land run records, prices. */
async function generateLake(root: string, options: Options): Promise<void> {
  const perDay = Math.ceil(options.requests / options.days);
  await mkdir(join(root, 'config', 'pricing'), { recursive: true });
  await writeFile(join(root, 'config', 'pricing', 'prices.csv'), `${PRICES.join('\n')}\n`);
  const partitions: { kind: string; dt: string }[] = [];
  const outcomesByDay = new Map<string, string[]>();
  let request = 0;
  for (let day = 0; day < options.days && request < options.requests; day++) {
    const dayStart = LAST_DAY - (options.days - 1 - day) * 86_400_000;
    const count = Math.min(perDay, options.requests - request);
    const dt = await writeEventsDay(
      root,
      { dayStart, first: request, count, perDay },
      'bench',
      outcomesByDay,
    );
    request += count;
    partitions.push({ kind: 'events', dt });
    for (const [outcomeDay, lines] of outcomesByDay) {
      if (outcomeDay > dt) continue;
      await writeOutcomes(root, outcomeDay, `bench-${dt}`, lines);
      partitions.push({ kind: 'outcomes', dt: outcomeDay });
      outcomesByDay.delete(outcomeDay);
    }
    process.stdout.write(`\rgenerated ${request.toLocaleString('en')} requests`);
  }
  for (const [outcomeDay, lines] of outcomesByDay) {
    await writeOutcomes(root, outcomeDay, 'bench-last', lines);
    partitions.push({ kind: 'outcomes', dt: outcomeDay });
  }
  process.stdout.write('\n');
  await writeLandRecord(root, LAND_RUN_ID, AS_OF, partitions);
}

/**
 * Lands the day after the lake's last (its requests continue the lake's ids) and returns a
 * function that takes it back out. Outcomes later than the day are left out: the daily run
 * would not know them yet.
 */
async function landNextDay(root: string, options: Options): Promise<() => Promise<void>> {
  const perDay = Math.ceil(options.requests / options.days);
  const outcomesByDay = new Map<string, string[]>();
  const day = { dayStart: NEXT_DAY_START, first: options.requests, count: perDay, perDay };
  const dt = await writeEventsDay(root, day, NEXT_DAY_FILE_PREFIX, outcomesByDay);
  const outcomeFiles = await writeOutcomes(root, dt, NEXT_DAY_FILE_PREFIX, outcomesByDay.get(dt) ?? []);
  await writeLandRecord(root, NEXT_DAY_RUN_ID, NEXT_AS_OF, [
    { kind: 'events', dt },
    { kind: 'outcomes', dt },
  ]);
  return async () => {
    await rm(join(root, 'raw', 'events', `dt=${dt}`), { recursive: true, force: true });
    for (const file of outcomeFiles) await rm(file, { force: true });
    await new DirectoryObjectStore(root).delete([landRecordKey(NEXT_DAY_RUN_ID)]);
  };
}

/**
 * Writes one day of requests (first .. first + count - 1, spread evenly over the day as if it
 * held perDay) as the day's raw/events partition, and adds their outcomes to outcomesByDay.
 * Returns the partition's day.
 */
async function writeEventsDay(
  root: string,
  day: { readonly dayStart: number; readonly first: number; readonly count: number; readonly perDay: number },
  filePrefix: string,
  outcomesByDay: Map<string, string[]>,
): Promise<string> {
  const dt = new Date(day.dayStart).toISOString().slice(0, 10);
  const folder = join(root, 'raw', 'events', `dt=${dt}`);
  await mkdir(folder, { recursive: true });
  const receivedAt = new Date(day.dayStart + 86_400_000 + 3_600_000).toISOString();
  const partFile = (part: number) => createWriteStream(join(folder, partName(filePrefix, part)), FLUSHED);
  let part = 0;
  let partBytes = 0;
  let stream = partFile(part);
  for (let index = 0; index < day.count; index++) {
    if (partBytes >= PART_BYTES) {
      stream.end();
      await once(stream, 'finish');
      part++;
      partBytes = 0;
      stream = partFile(part);
    }
    const request = day.first + index;
    const at = new Date(day.dayStart + Math.floor((index * 86_400_000) / day.perDay)).toISOString();
    const line = costLine(request, at, dt, part, index, receivedAt);
    partBytes += line.length;
    if (!stream.write(line)) await once(stream, 'drain');
    // One outcome per allocated unit (every third request starts one), for 4 units in 5.
    if (request % 3 === 0 && request % 10 !== 9 && request % 15 !== 0) {
      const outcomeAt = new Date(Date.parse(at) + 3_600_000).toISOString();
      const outcomeDay = outcomeAt.slice(0, 10);
      const lines = outcomesByDay.get(outcomeDay) ?? [];
      lines.push(outcomeLine(request, outcomeAt, receivedAt, lines.length + 1));
      outcomesByDay.set(outcomeDay, lines);
    }
  }
  stream.end();
  await once(stream, 'finish');
  return dt;
}

/** Writes outcome lines as the parts of a raw/outcomes partition; returns the files written. */
async function writeOutcomes(
  root: string,
  dt: string,
  filePrefix: string,
  lines: readonly string[],
): Promise<string[]> {
  const folder = join(root, 'raw', 'outcomes', `dt=${dt}`);
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (let first = 0; first < lines.length; ) {
    let end = first;
    for (let bytes = 0; end < lines.length && bytes < PART_BYTES; end++) bytes += lines[end]?.length ?? 0;
    const file = join(folder, partName(filePrefix, files.length));
    await writeFile(file, lines.slice(first, end).join(''), FLUSHED);
    files.push(file);
    first = end;
  }
  return files;
}

function partName(filePrefix: string, part: number): string {
  return `${filePrefix}-${String(part).padStart(5, '0')}.ndjson`;
}

function landRecordKey(runId: string): string {
  return `${LAND_RUNS_PREFIX}${runId}.json`;
}

async function writeLandRecord(
  root: string,
  runId: string,
  at: Date,
  partitions: readonly { kind: string; dt: string }[],
): Promise<void> {
  const record = {
    job: 'land',
    run_id: runId,
    status: 'succeeded',
    started_at: at.toISOString(),
    finished_at: at.toISOString(),
    partitions_written: partitions,
  };
  await new DirectoryObjectStore(root).put(landRecordKey(runId), JSON.stringify(record));
}

function costLine(
  request: number,
  at: string,
  dt: string,
  part: number,
  line: number,
  receivedAt: string,
): string {
  const [provider, model] = MODELS[request % 7 === 6 ? 3 : request % 3] as readonly [string, string];
  const unit = request % 10 === 9 ? null : `case-${Math.floor(request / 3)}`;
  const input = 400 + (request % 1700);
  const cached = request % 4 === 0 ? Math.floor(input / 2) : 0;
  const cacheWrite = provider === 'anthropic' && request % 4 === 1 ? 100 : 0;
  const output = 50 + (request % 450);
  return `${JSON.stringify({
    request_id: `req-${request}`,
    timestamp_utc: at,
    event_version: '2026-05-11',
    environment: request % 10 === 4 ? 'staging' : 'production',
    application: APPLICATIONS[Math.floor(request / 3) % APPLICATIONS.length],
    workflow: WORKFLOWS[Math.floor(request / 15) % WORKFLOWS.length],
    tenant_id: `tenant-${Math.floor(request / 3) % 200}`,
    team: 'platform',
    cost_center: 'cc-100',
    provider,
    provider_account: null,
    model_or_deployment: model,
    prompt_version: `v${request % 3}`,
    billing_category: 'standard',
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    cached_input_tokens: cached,
    cache_write_tokens: cacheWrite,
    reasoning_tokens: 0,
    attempt_number: request % 5 === 4 ? 2 : 1,
    retry_count: null,
    fallback_used: false,
    fallback_route: null,
    status: 'succeeded',
    unit_type: unit ? 'support_case' : null,
    unit_id: unit,
    unit_outcome: null,
    cost_estimate_amount: null,
    cost_estimate_currency: null,
    source_key: `incoming/events/${dt}/bench-${part}.ndjson`,
    source_line: line + 1,
    source_received_at: receivedAt,
  })}\n`;
}

function outcomeLine(request: number, outcomeAt: string, receivedAt: string, line: number): string {
  return `${JSON.stringify({
    unit_type: 'support_case',
    unit_id: `case-${Math.floor(request / 3)}`,
    application: APPLICATIONS[Math.floor(request / 3) % APPLICATIONS.length],
    workflow: null,
    tenant_id: null,
    outcome: OUTCOMES[Math.floor(request / 3) % OUTCOMES.length],
    outcome_at: outcomeAt,
    is_final: false,
    value_amount: null,
    value_currency: null,
    event_version: null,
    source_key: 'incoming/outcomes/bench.ndjson',
    source_line: line,
    source_received_at: receivedAt,
  })}\n`;
}

const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;

/** One measured phase, run inside a child process. */
async function runPhase(root: string, phase: Phase, options: Options): Promise<void> {
  const store = new DirectoryObjectStore(root);
  if (phase === 'compute') {
    await rm(join(root, 'warehouse.duckdb'), { force: true });
    await rm(join(root, 'warehouse.duckdb.wal'), { force: true });
    await store.delete(['state/compute/merged-land-runs.json']);
  }
  // The day is landed before the clock starts and taken out again after it stops. The warehouse
  // keeps its rows until the next first run deletes it.
  const takeNextDayBack = phase === 'daily' ? await landNextDay(root, options) : undefined;
  try {
    const { engine, warehouse } = await openLocalWarehouse(root);
    const started = performance.now();
    let detail: unknown;
    if (phase === 'read') {
      detail = await readRawOnce(engine, warehouse);
    } else {
      const asOf = phase === 'daily' ? NEXT_AS_OF : AS_OF;
      const record = await runCompute({ store, engine, clock: systemClock, warehouse }, { asOf });
      detail = {
        rows: record.rows,
        slowest: [...record.queries]
          .sort((a, b) => b.elapsed_ms - a.elapsed_ms)
          .slice(0, 6)
          .map((query) => `${query.name} ${query.elapsed_ms} ms`),
      };
    }
    const wallMs = Math.round(performance.now() - started);
    await engine.close();
    process.stdout.write(
      `${JSON.stringify({ wallMs, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), detail })}\n`,
    );
  } finally {
    await takeNextDayBack?.();
  }
}

// Every raw source compute reads (cost events and outcomes), every column parsed, one after the
// other as compute reads them.
async function readRawOnce(engine: QueryEngine, warehouse: Warehouse) {
  const catalog = await loadSqlCatalog();
  const runner = new SqlRunner(engine, catalog, warehouse);
  const sources = ['raw_cost_events', 'raw_outcomes'] as const;
  await runner.create([...sources]);
  const read: Record<string, { lines: unknown; ms: number }> = {};
  for (const source of sources) {
    const started = performance.now();
    const columns = catalog.get(source, 'duckdb').text.matchAll(/^\s+'(\w+)': '\w+'/gm);
    const aggregates = [...columns].map(([, column]) => `max(${column}) as ${column}`).join(', ');
    const { rows } = await engine.query(`select count(*) as lines, ${aggregates} from ${source}`, [], AnyRow);
    read[source] = { lines: rows[0]?.lines, ms: Math.round(performance.now() - started) };
  }
  return read;
}

function measure(root: string, phase: Phase, options: Options) {
  const args = [
    ...[SCRIPT, '--dir', root, '--phase', phase],
    ...['--requests', String(options.requests), '--days', String(options.days)],
  ];
  const child = spawnSync(process.execPath, [...process.execArgv, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`${phase} failed:\n${child.stdout}\n${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as { wallMs: number; maxRssMb: number; detail: unknown };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.phase) {
    if (!options.dir) throw new Error('--phase needs --dir');
    await runPhase(options.dir, options.phase, options);
    return;
  }
  const root = options.dir ?? (await mkdtemp(join(tmpdir(), 'aiue-bench-compute-')));
  console.log(`lake: ${root}`);
  console.log(`generating ${options.days} days x ${Math.ceil(options.requests / options.days)} requests`);
  const generationStarted = performance.now();
  if (options.dir && (await new DirectoryObjectStore(root).head(landRecordKey(LAND_RUN_ID)))) {
    console.log('reusing the lake generated before in --dir');
  } else {
    await generateLake(root, options);
    console.log(`generated in ${Math.round((performance.now() - generationStarted) / 1000)} s`);
  }
  try {
    const results: Record<Phase, { wallMs: number; maxRssMb: number }[]> = {
      read: [],
      compute: [],
      recompute: [],
      daily: [],
    };
    for (let run = 1; run <= options.runs; run++) {
      for (const phase of PHASES) {
        const result = measure(root, phase, options);
        results[phase].push(result);
        console.log(
          `run ${run} ${phase}: ${result.wallMs} ms, peak RSS ${result.maxRssMb} MB ${JSON.stringify(result.detail)}`,
        );
      }
    }
    const summary = Object.fromEntries(
      Object.entries(results).map(([phase, runs]) => [
        phase,
        { wallMs: median(runs.map((r) => r.wallMs)), maxRssMb: median(runs.map((r) => r.maxRssMb)) },
      ]),
    ) as Record<Phase, { wallMs: number; maxRssMb: number }>;
    console.log('');
    console.log(
      `requests: ${options.requests.toLocaleString('en')} over ${options.days} days; medians of ${options.runs} run(s)`,
    );
    console.log(
      `read raw once:               ${(summary.read.wallMs / 1000).toFixed(1)} s, peak RSS ${summary.read.maxRssMb} MB`,
    );
    // Each run's ratio is to the read-once measured just before it: a shared machine's speed
    // drifts between runs far more than within one.
    const ratio = (phase: Exclude<Phase, 'read'>) => {
      const ratios = results[phase].map((r, run) => r.wallMs / (results.read[run]?.wallMs ?? Number.NaN));
      return `${median(ratios).toFixed(2)}x read-once (runs: ${ratios.map((value) => value.toFixed(2)).join(', ')})`;
    };
    console.log(
      `compute, first run:          ${(summary.compute.wallMs / 1000).toFixed(1)} s, peak RSS ${summary.compute.maxRssMb} MB, ${ratio('compute')}`,
    );
    console.log(
      `compute, re-run (window):    ${(summary.recompute.wallMs / 1000).toFixed(1)} s, peak RSS ${summary.recompute.maxRssMb} MB, ${ratio('recompute')}`,
    );
    console.log(
      `compute, next day landed:    ${(summary.daily.wallMs / 1000).toFixed(1)} s, peak RSS ${summary.daily.maxRssMb} MB, ${ratio('daily')}`,
    );
  } finally {
    if (!options.keep && !options.dir) await rm(root, { recursive: true, force: true });
  }
}

await main();
