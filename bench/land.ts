/**
 * `npm run bench:land [-- N [runs]]`: lands N generated events (default 1,000,000,
 * about 0.5 KB each) and compares the rate with reading + JSON.parse alone on the same
 * file. Each phase runs in a fresh process (its own peak RSS); each land runs between two
 * parse-only runs (runs + 1 of them), and the figures are medians over `runs` runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_NODE_FLAGS } from '../bin/node-flags.js';

const count = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const lake = await mkdtemp(join(tmpdir(), 'aiue-bench-land-'));
const file = join(lake, 'incoming/events/bench/events.ndjson');

function event(i: number): string {
  const day = 1 + (i % 28);
  return JSON.stringify({
    event_type: 'ai_api_cost_allocation',
    event_version: '2026-05-11',
    request_id: `req-${i.toString(36).padStart(8, '0')}`,
    timestamp_utc: `2026-05-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:30.250Z`,
    environment: i % 10 === 0 ? 'staging' : 'production',
    application: `app-${i % 3}`,
    workflow: `workflow-${i % 4}`,
    tenant_id: `tenant-${i % 50}`,
    team: 'platform',
    cost_center: 'CC-1001',
    provider: ['openai', 'anthropic', 'bedrock'][i % 3],
    provider_account: 'acct-1',
    model_or_deployment: 'model-large-2026',
    prompt_version: 'v3',
    usage: {
      input_tokens: 1800 + (i % 700),
      output_tokens: 300 + (i % 90),
      cached_input_tokens: i % 1024,
      reasoning_tokens: 0,
    },
    billing_category: 'standard',
    routing: { attempt_number: 1 + (i % 7 === 0 ? 1 : 0), retry_count: 0, fallback_used: false },
    status: 'succeeded',
    business_unit: { unit_type: 'support_case', unit_id: `case-${Math.floor(i / 3)}` },
    cost_estimate: { amount: '0.0012', currency: 'USD' },
  });
}

async function generate(): Promise<number> {
  await mkdir(join(file, '..'), { recursive: true });
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${event(i)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return (await stat(file)).size;
}

function phase(name: 'parse' | 'land', path: string): { seconds: number; records: number; maxRssMb: number } {
  const script = new URL('./land-phase.ts', import.meta.url).pathname;
  // Started as the CLI starts: its V8 flag changes land's speed by a tenth.
  const child = spawnSync(process.execPath, [...CLI_NODE_FLAGS, '--import', 'tsx', script, name, path], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`${name} phase failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

try {
  const bytes = await generate();
  const parse: number[] = [];
  const land: number[] = [];
  const ratios: number[] = [];
  const rss: number[] = [];
  const parseOnly = () => {
    // The kernel writes the last land's files back on this machine's cores: let it finish first.
    execFileSync('sync');
    parse.push(count / phase('parse', file).seconds);
  };
  parseOnly();
  for (let run = 0; run < runs; run++) {
    for (const folder of ['raw', 'quarantine', 'state'])
      await rm(join(lake, folder), { recursive: true, force: true });
    execFileSync('sync');
    const result = phase('land', lake);
    if (result.records !== count) throw new Error(`landed ${result.records} of ${count} events`);
    land.push(count / result.seconds);
    rss.push(result.maxRssMb);
    parseOnly();
    // Each ratio compares the land with the parse-only runs just before and after it (the mean
    // of their times): a shared machine's speed drifts between runs (here by up to 1.7x) and
    // within a run, and a steady drift cancels out between the two.
    const [before, after] = parse.slice(-2) as [number, number];
    ratios.push((land.at(-1) as number) / (2 / (1 / before + 1 / after)));
  }
  const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} events/s`;
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  const threads = process.env.BENCH_LAND_THREADS ?? String(availableParallelism() - 1);
  console.log(
    `land validates in ${threads} worker thread(s) and the main thread (BENCH_LAND_THREADS sets it)`,
  );
  console.log(
    `input: ${count.toLocaleString('en-US')} events, ${(bytes / 2 ** 20).toFixed(0)} MiB; medians of ${runs} runs`,
  );
  console.log(
    `read + JSON.parse only: ${rate(median(parse))} (median of ${parse.length} runs, one before and after each land)`,
  );
  console.log(
    `land:                   ${rate(median(land))}  (${median(ratios).toFixed(2)}x the parse-only rate, median of the runs' ratios [${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}]; target >= 0.6x)`,
  );
  console.log(
    `land peak RSS:          ${median(rss)} MiB (max ${Math.max(...rss)} MiB; target < 300 MiB at 1 GiB input)`,
  );
} finally {
  await rm(lake, { recursive: true, force: true });
}
