import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../../lambdas/adapters/local/directory-object-store.ts';
import { COST_EVENTS } from '../../../../lambdas/domain/raw-records.ts';
import { batchValidators } from '../../../../lambdas/jobs/land/batch-validators.ts';
import { type LineBatch, readLineBatches } from '../../../../lambdas/jobs/land/read-lines.ts';
import { type BatchOutput, validateBatch } from '../../../../lambdas/jobs/land/validate-batch.ts';
import { runLand } from '../../../../lambdas/jobs/land.ts';
import { tempLake, treeDigest } from '../../../helpers/temp-lake.ts';

const seed = JSON.parse(
  readFileSync(new URL('../../../fixtures/events/seed-example.json', import.meta.url), 'utf8'),
);
const clock = { now: () => new Date('2026-06-01T00:00:00Z') };

const event = (requestId: string, day: number) =>
  JSON.stringify({
    ...seed,
    request_id: requestId,
    timestamp_utc: `2026-05-${String(day).padStart(2, '0')}T10:00:00Z`,
  });

/** Valid events over three days, with an exact duplicate, invalid JSON, a schema error, a blank and an overlong line. */
function mixedLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(event(`req-${i}`, 1 + (i % 3)));
    if (i % 97 === 5) lines.push(event(`req-${i}`, 1 + (i % 3))); // exact duplicate
    if (i % 211 === 7) lines.push('{"request_id": "half');
    if (i % 307 === 11) lines.push(JSON.stringify({ ...seed, usage: { input_tokens: -1 } }));
    if (i % 401 === 13) lines.push('');
    if (i % 503 === 17) lines.push(`{"padding":"${'x'.repeat(3000)}"}`);
  }
  return lines;
}

async function batchesOf(text: string): Promise<LineBatch[]> {
  async function* body() {
    yield Buffer.from(text);
  }
  const batches: LineBatch[] = [];
  for await (const item of readLineBatches(body(), 2048, { batchBytes: 64 << 10 })) {
    if (item.kind === 'batch') batches.push(item);
  }
  return batches;
}

const comparable = (output: BatchOutput) => ({
  read: output.read,
  blank: output.blank,
  records: Buffer.from(output.records).toString('utf8'),
  days: [...output.dayIndexes].map((index) => output.days[index]),
  fingerprints: [...output.fingerprints],
  rejects: output.rejects.map((line) => ({ ...line, bytes: Buffer.from(line.bytes).toString('utf8') })),
});

describe('Land: batch validators', () => {
  it('validates a batch in a worker thread exactly as in this thread', async () => {
    // Prepare: each path gets its own copy, since a worker takes the memory it is sent.
    const text = `${mixedLines(400).join('\r\n')}\n`;
    const [batch] = await batchesOf(text);
    const [copy] = await batchesOf(text);
    const input = (lines: LineBatch) => ({
      kind: 'events',
      key: 'incoming/events/app/a.ndjson',
      receivedAt: '2026-05-04T00:00:00.000Z',
      maxLineBytes: 2048,
      batch: lines,
      recordsMemory: Buffer.allocUnsafeSlow(4096),
    });
    const validators = batchValidators(1);

    // Act: the first batch goes to the idle worker; the records memory is too small and must grow there.
    const inWorker = await validators.validate(input(batch as LineBatch));
    await validators.close();
    const here = validateBatch(input(copy as LineBatch));

    // Assess
    expect(comparable(inWorker)).toEqual(comparable(here));
    expect(here.read).toBe(400 + 5 + 2 + 2 + 1); // events + duplicates + bad JSON + bad schema + overlong
    // Each day once, as first met; record i's day by index: req-0 on the 1st, req-1 on the 2nd, ...
    expect(here.days).toEqual(['2026-05-01', '2026-05-02', '2026-05-03']);
    expect(comparable(here).days.slice(0, 4)).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-01',
    ]);
    expect(here.blank).toBe(1);
    // In line order: bad JSON at event 7, schema at 11, overlong at 17 (12 + 3,000 + 2 bytes, its CR
    // dropped), bad JSON at 218, schema at 318.
    expect(here.rejects.map((line) => line.reasons[0]?.message.slice(0, 12))).toEqual([
      'invalid JSON',
      'must not be ',
      'line is 3014',
      'invalid JSON',
      'must not be ',
    ]);
  });

  it('writes each record as JSON.stringify writes the normalized event, also past ASCII and escapes', async () => {
    // Prepare: plain events, and events the flat writer hands back to JSON.stringify, in a
    // records memory too small for them all.
    const lines = [
      event('plain-1', 1),
      JSON.stringify({ ...seed, request_id: 'accented', tenant_id: 'zürich-€' }),
      event('plain-2', 2),
      JSON.stringify({ ...seed, request_id: 'escaped', workflow: 'say "hi"\\now' }),
      JSON.stringify({ ...seed, request_id: 'emoji', team: 'team 😀' }),
      event('plain-3', 3),
    ];
    const [batch] = await batchesOf(`${lines.join('\n')}\n`);
    const receivedAt = '2026-05-04T00:00:00.000Z';
    const key = 'incoming/events/app/a.ndjson';

    // Act
    const output = validateBatch({
      kind: 'events',
      key,
      receivedAt,
      maxLineBytes: 2048,
      batch: batch as LineBatch,
      recordsMemory: Buffer.allocUnsafeSlow(1024),
    });

    // Assess: the same text as the normalized events through JSON.stringify, by an independent route.
    const expected = lines.map((line, index) => {
      const parsed = COST_EVENTS.validate(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${index + 1} must be valid`);
      return `${JSON.stringify(COST_EVENTS.normalize(parsed.data, { key, line: index + 1, receivedAt }))}\n`;
    });
    expect(Buffer.from(output.records).toString('utf8')).toBe(expected.join(''));
    expect(expected[1]).toContain('"tenant_id":"zürich-€"');
  });

  it('returns the memory it was given: the batch and the records memory when it was large enough', async () => {
    const [batch] = await batchesOf(`${event('r1', 1)}\n`);
    const memory = Buffer.allocUnsafeSlow(1 << 16);

    const output = validateBatch({
      kind: 'events',
      key: 'k',
      receivedAt: '2026-05-04T00:00:00.000Z',
      maxLineBytes: 2048,
      batch: batch as LineBatch,
      recordsMemory: memory,
    });

    expect(output.records.buffer).toBe(memory.buffer);
    expect(output.batchMemory).toBe((batch as LineBatch).bytes);
  });
});

describe('Land: worker threads', () => {
  let root: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ root, cleanup } = await tempLake());
  });
  afterEach(() => cleanup());

  it('writes the same raw and quarantine bytes with worker threads as in one thread', async () => {
    // Prepare: over 32 MiB, so land starts its workers, in two objects landed at once.
    const lines = mixedLines(46_000);
    const half = Math.floor(lines.length / 2);
    for (const [name, part] of [
      ['a', lines.slice(0, half)],
      ['b', lines.slice(half)],
    ] as const) {
      await mkdir(join(root, 'incoming/events/app'), { recursive: true });
      await writeFile(join(root, `incoming/events/app/${name}.ndjson`), `${part.join('\n')}\n`);
    }
    const store = new DirectoryObjectStore(root);
    const land = async (workerThreads: number) => {
      for (const folder of ['raw', 'quarantine', 'state'])
        await rm(join(root, folder), { recursive: true, force: true });
      const record = await runLand({ store, clock }, { workerThreads, maxLineBytes: 2048 });
      return {
        record,
        raw: await treeDigest(join(root, 'raw')),
        quarantine: await treeDigest(join(root, 'quarantine')),
      };
    };

    // Act
    const oneThread = await land(0);
    const withWorkers = await land(2);

    // Assess
    expect(withWorkers.raw).toEqual(oneThread.raw);
    expect(withWorkers.quarantine).toEqual(oneThread.quarantine);
    expect(withWorkers.record.totals).toEqual(oneThread.record.totals);
    // 46,000 events, one exact duplicate per 97, kept out of raw.
    expect(oneThread.record.totals.valid).toBe(46_000);
    expect(oneThread.record.totals.duplicates).toBe(Math.ceil((46_000 - 5) / 97));
  }, 60_000);
});
