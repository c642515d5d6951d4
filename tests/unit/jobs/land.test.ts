import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../lambdas/adapters/local/directory-object-store.ts';
import { type LandRunRecord, runLand } from '../../../lambdas/jobs/land.ts';
import type { ObjectBody, ObjectStore } from '../../../lambdas/ports/object-store.ts';
import { readNdjsonTree, tempLake, treeDigest } from '../../helpers/temp-lake.ts';

const seed = JSON.parse(
  readFileSync(new URL('../../fixtures/events/seed-example.json', import.meta.url), 'utf8'),
);
const outcome = JSON.parse(
  readFileSync(new URL('../../fixtures/events/outcome-example.json', import.meta.url), 'utf8'),
);
const clock = { now: () => new Date('2026-06-01T00:00:00Z') };

function event(requestId: string, timestamp = '2026-05-11T14:32:08Z'): string {
  return JSON.stringify({ ...seed, request_id: requestId, timestamp_utc: timestamp });
}

describe('Job: land', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let store: DirectoryObjectStore;

  const write = async (key: string, body: string | Buffer) => {
    await mkdir(join(root, key, '..'), { recursive: true });
    await writeFile(join(root, key), body);
  };
  const objectOf = (record: LandRunRecord, key: string) =>
    record.objects.find((object) => object.key === key);

  beforeEach(async () => {
    ({ root, cleanup } = await tempLake());
    store = new DirectoryObjectStore(root);
  });
  afterEach(() => cleanup());

  it('lands valid events by UTC event date and outcomes by outcome date, counting every record', async () => {
    // Prepare: 23:59:59Z and 00:00:00Z fall on two days; 01:00+02:00 is 23:00Z the day before.
    await write(
      'incoming/events/app/2026-05-11.ndjson',
      [
        event('r1', '2026-05-11T23:59:59Z'),
        event('r2', '2026-05-12T00:00:00Z'),
        event('r3', '2026-05-12T01:00:00+02:00'),
      ].join('\n'),
    );
    await write('incoming/outcomes/app/o.ndjson.gz', gzipSync(`${JSON.stringify(outcome)}\n`));

    // Act
    const record = await runLand({ store, clock });

    // Assess
    const idsOn = async (day: string) =>
      (await readNdjsonTree(join(root, `raw/events/dt=${day}`))).map((row) => row.request_id);
    expect(await idsOn('2026-05-11')).toEqual(['r1', 'r3']);
    expect(await idsOn('2026-05-12')).toEqual(['r2']);
    expect(await readNdjsonTree(join(root, 'raw/outcomes/dt=2026-05-12'))).toHaveLength(1);
    expect(record.totals).toMatchObject({
      objects_landed: 2,
      records_read: 4,
      valid: 4,
      duplicates: 0,
      quarantined: 0,
    });
    expect(record.partitions_written).toEqual([
      { kind: 'events', dt: '2026-05-11' },
      { kind: 'events', dt: '2026-05-12' },
      { kind: 'outcomes', dt: '2026-05-12' },
    ]);
    const stored = JSON.parse(await readFile(join(root, `state/runs/land/${record.run_id}.json`), 'utf8'));
    expect(stored.totals).toEqual(record.totals);
  });

  it('quarantines every kind of bad input with its reasons and lands the rest of the batch', async () => {
    // Prepare: one object per hazard of the issue, each beside good lines.
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]);
    await write(
      'incoming/events/mixed.ndjson',
      Buffer.concat([
        Buffer.from(`\ufeff${event('bom')}\r\n`),
        Buffer.from(`{"event_type": "ai_api_cost_allocation",\r\n`),
        garbage,
        Buffer.from(
          `\n\n${JSON.stringify({ ...seed, request_id: 'neg', usage: { input_tokens: -5, output_tokens: 1 } })}\n`,
        ),
        Buffer.from(`${event('crlf')}\r\n`),
      ]),
    );
    await write('incoming/events/empty.ndjson', '');
    const whole = gzipSync(Array.from({ length: 5000 }, (_, i) => event(`gz-${i}`)).join('\n'));
    await write('incoming/events/truncated.ndjson.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    await write(
      'incoming/events/long-line.ndjson',
      `${event('before')}\n${'x'.repeat(10 * 1024 * 1024)}\n${event('after')}\n`,
    );
    await write('incoming/events/notes.txt', 'not a data file');

    // Act
    const record = await runLand({ store, clock });

    // Assess: mixed.ndjson holds 5 records (the blank line is not one): 2 good, 3 bad.
    expect(objectOf(record, 'incoming/events/mixed.ndjson')).toMatchObject({
      records_read: 5,
      valid: 2,
      duplicates: 0,
      quarantined: 3,
      blank_lines: 1,
    });
    expect(objectOf(record, 'incoming/events/empty.ndjson')).toMatchObject({ records_read: 0, error: null });
    const truncated = objectOf(record, 'incoming/events/truncated.ndjson.gz');
    expect(truncated?.error).toMatch(/could not be read past line \d+: unexpected end of file/);
    expect(truncated?.valid).toBeGreaterThan(100);
    expect(truncated?.quarantined).toBeGreaterThanOrEqual(1);
    expect(objectOf(record, 'incoming/events/long-line.ndjson')).toMatchObject({
      records_read: 3,
      valid: 2,
      quarantined: 1,
    });
    expect(record.ignored).toEqual([{ key: 'incoming/events/notes.txt', reason: expect.any(String) }]);
    for (const object of record.objects) {
      expect(object.records_read, object.key).toBe(object.valid + object.duplicates + object.quarantined);
    }

    const quarantined = await readNdjsonTree(join(root, 'quarantine/events'));
    const byLine = (key: string, line: number) => {
      const row = quarantined.find((candidate) => candidate.source_key === key && candidate.line === line);
      if (!row) throw new Error(`${key}:${line} is not in quarantine`);
      return row as {
        reasons: { path: string; message: string }[];
        text_base64: string;
        text_truncated: boolean;
      };
    };
    expect(byLine('incoming/events/mixed.ndjson', 2).reasons[0]?.message).toMatch(/^invalid JSON/);
    expect(byLine('incoming/events/mixed.ndjson', 3).text_base64).toBe(garbage.toString('base64'));
    expect(byLine('incoming/events/mixed.ndjson', 5).reasons).toEqual([
      { path: 'usage.input_tokens', message: 'must not be negative' },
    ]);
    const long = byLine('incoming/events/long-line.ndjson', 2);
    expect(long.text_truncated).toBe(true);
    expect(long.reasons[0]?.message).toContain('10485760 bytes');
    const landedIds = (await readNdjsonTree(join(root, 'raw/events'))).map((row) => row.request_id);
    expect(landedIds).toEqual(expect.arrayContaining(['bom', 'crlf', 'before', 'after', 'gz-0']));
  });

  it('drops exact duplicate lines within an object and counts them', async () => {
    await write('incoming/events/dupes.ndjson', [event('a'), event('b'), event('a'), event('a')].join('\n'));

    const record = await runLand({ store, clock });

    expect(record.totals).toMatchObject({ records_read: 4, valid: 2, duplicates: 2, quarantined: 0 });
  });

  it('writes nothing new and changes nothing when the same objects are landed again', async () => {
    await write('incoming/events/a.ndjson', [event('a'), event('b')].join('\n'));
    const first = await runLand({ store, clock });
    const raw = await treeDigest(join(root, 'raw'));

    const second = await runLand({ store, clock });

    expect(first.totals.valid).toBe(2);
    expect(second.totals).toMatchObject({ objects_landed: 0, objects_already_landed: 1, records_read: 0 });
    expect(await treeDigest(join(root, 'raw'))).toEqual(raw);
  });

  it('finishes an interrupted run on the next run, with no duplicates', async () => {
    // Prepare: the store fails once, when the second object's records are being written.
    await write('incoming/events/1.ndjson', [event('a'), event('b')].join('\n'));
    await write('incoming/events/2.ndjson', [event('c'), event('d')].join('\n'));
    let failed = false;
    const faulty: ObjectStore = Object.create(store, {
      put: {
        value: async (key: string, body: ObjectBody) => {
          const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.concat([body].flat());
          if (!failed && key.startsWith('raw/') && bytes.includes('"request_id":"c"')) {
            failed = true;
            throw new Error('injected fault: the disk went away');
          }
          return store.put(key, body);
        },
      },
    });

    // Act
    await expect(runLand({ store: faulty, clock })).rejects.toThrow(/injected fault/);
    const retry = await runLand({ store, clock });

    // Assess: the second object was not marked landed, so the retry lands it; the first is
    // either skipped (its manifest was written) or landed again onto identical part keys.
    expect(retry.objects.map((object) => object.key)).toContain('incoming/events/2.ndjson');
    expect(retry.totals.objects_landed + retry.totals.objects_already_landed).toBe(2);
    const ids = (await readNdjsonTree(join(root, 'raw/events'))).map((row) => row.request_id);
    expect(ids.sort()).toEqual(['a', 'b', 'c', 'd']);
    const records = Object.keys(await treeDigest(join(root, 'state/runs/land')));
    const statuses = await Promise.all(
      records.map(
        async (path) => JSON.parse(await readFile(join(root, 'state/runs/land', path), 'utf8')).status,
      ),
    );
    expect(statuses.sort()).toEqual(['failed', 'succeeded']);
  });

  it('lands a changed object again under a new source id, leaving the older copy for compute to supersede', async () => {
    await write('incoming/events/a.ndjson', event('a'));
    await runLand({ store, clock });
    await write('incoming/events/a.ndjson', [event('a'), event('b')].join('\n'));

    const second = await runLand({ store, clock });

    expect(second.totals).toMatchObject({ objects_landed: 1, valid: 2 });
    expect((await readNdjsonTree(join(root, 'raw/events'))).map((row) => row.request_id).sort()).toEqual([
      'a',
      'a',
      'b',
    ]);
  });
});
