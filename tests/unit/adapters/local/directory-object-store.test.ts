import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../../lambdas/adapters/local/directory-object-store.ts';
import { StorageError } from '../../../../lambdas/domain/errors.ts';
import type { ObjectStore } from '../../../../lambdas/ports/object-store.ts';

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

describe('Adapter: DirectoryObjectStore', () => {
  let root: string;
  let store: DirectoryObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'directory-object-store-'));
    store = new DirectoryObjectStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns what was put through head, get, getBytes, and nothing after delete', async () => {
    // Prepare: 3 MiB so the stream arrives in several chunks; byte i is i mod 251.
    const key = 'state/runs/2026-01-31/run.json';
    const body = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => i % 251);

    // Act
    await store.put(key, body);
    const info = await store.head(key);
    const chunks: Uint8Array[] = [];
    for await (const chunk of await store.get(key)) chunks.push(chunk);
    const bytes = await store.getBytes(key);
    await store.delete([key]);

    // Assess: the key maps to the same relative path on disk.
    expect(info).toMatchObject({ key, size: 3 * 1024 * 1024 });
    expect(info?.etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    expect(bytes && Buffer.from(bytes).equals(body)).toBe(true);
    expect(await store.head(key)).toBeUndefined();
    expect(await store.getBytes(key)).toBeUndefined();
    expect(await listKeys(store, '')).toEqual([]);
  });

  it('writes a list of chunks as one object, in order, past the system limit of 1,024 per call', async () => {
    // Prepare: 1,500 chunks of 1 to 7 bytes, one of them empty; chunk i holds i mod 251.
    const chunks = Array.from({ length: 1500 }, (_, i) =>
      new Uint8Array(i === 700 ? 0 : 1 + (i % 7)).fill(i % 251),
    );

    // Act
    await store.put('raw/events/dt=2026-05-11/part-00000.ndjson', chunks);

    // Assess
    const written = await readFile(join(root, 'raw', 'events', 'dt=2026-05-11', 'part-00000.ndjson'));
    expect(written.equals(Buffer.concat(chunks))).toBe(true);
    expect(await readdir(join(root, 'raw', 'events', 'dt=2026-05-11'))).toEqual(['part-00000.ndjson']);
  });

  it('writes strings as UTF-8 where the bucket layout says', async () => {
    // Act
    await store.put('config/settings.json', '{"currency":"€"}');

    // Assess: "€" is 3 bytes in UTF-8, so 16 characters are 18 bytes.
    expect(await readFile(join(root, 'config', 'settings.json'), 'utf8')).toBe('{"currency":"€"}');
    expect((await store.head('config/settings.json'))?.size).toBe(18);
  });

  it('lists keys in key order across nested folders and keeps only those under the prefix', async () => {
    // Prepare: written out of order. "-" (0x2d) sorts before "/" (0x2f), so as in S3 the sibling
    // folder "raw/events-archive/" comes before "raw/events/", and a nested folder's keys sit
    // between their neighbours by full key, not after the files of the folder above.
    const keys = [
      'raw/events/dt=2026-01-02/b.ndjson',
      'raw/outcomes/dt=2026-01-01/o.ndjson',
      'raw/events/dt=2026-01-01/z.ndjson',
      'raw/events/dt=2026-01-01/late/c.ndjson',
      'raw/events-archive/x.ndjson',
      'raw/eventz.json',
      'incoming/events/e.ndjson',
    ];
    for (const key of keys) await store.put(key, key);

    // Act
    const underFolder = await listKeys(store, 'raw/events/');
    const byTextPrefix = await listKeys(store, 'raw/events');
    const byPartialName = await listKeys(store, 'raw/events/dt=2026-01-0');
    const everything = await listKeys(store, '');
    const nothing = await listKeys(store, 'reports/');

    // Assess
    expect(underFolder).toEqual([
      'raw/events/dt=2026-01-01/late/c.ndjson',
      'raw/events/dt=2026-01-01/z.ndjson',
      'raw/events/dt=2026-01-02/b.ndjson',
    ]);
    expect(byTextPrefix).toEqual(['raw/events-archive/x.ndjson', ...underFolder]);
    expect(byPartialName).toEqual(underFolder);
    expect(everything).toEqual([
      'incoming/events/e.ndjson',
      'raw/events-archive/x.ndjson',
      ...underFolder,
      'raw/eventz.json',
      'raw/outcomes/dt=2026-01-01/o.ndjson',
    ]);
    expect(nothing).toEqual([]);
  });

  it('returns true then false from putIfAbsent and keeps the first content', async () => {
    // Act
    const first = await store.putIfAbsent('state/locks/land.json', 'first');
    const second = await store.putIfAbsent('state/locks/land.json', 'second');

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(Buffer.from((await store.getBytes('state/locks/land.json')) ?? []).toString()).toBe('first');
  });

  it('lets exactly one of many concurrent putIfAbsent calls win', async () => {
    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.putIfAbsent('state/locks/land.json', `writer ${i}`)),
    );

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(Buffer.from((await store.getBytes('state/locks/land.json')) ?? []).toString()).toBe(
      `writer ${winner}`,
    );
  });

  it('returns the lastModified the writer chose from head and list', async () => {
    // Prepare
    const arrived = new Date('2026-01-31T23:59:59.000Z');

    // Act
    await store.put('incoming/events/a.ndjson', '{}', { lastModified: arrived });
    await store.putIfAbsent('incoming/events/b.ndjson', '{}', { lastModified: arrived });

    // Assess
    expect((await store.head('incoming/events/a.ndjson'))?.lastModified).toEqual(arrived);
    expect((await store.head('incoming/events/b.ndjson'))?.lastModified).toEqual(arrived);
    for await (const info of store.list('incoming/')) expect(info.lastModified).toEqual(arrived);
  });

  it('changes the etag when a file is rewritten and keeps it when nothing changed', async () => {
    // Prepare
    const key = 'incoming/events/a.ndjson';
    await store.put(key, 'aaaa', { lastModified: new Date('2026-01-01T00:00:00.000Z') });
    const first = (await store.head(key))?.etag;

    // Act: a longer rewrite, then same-size content at another time.
    await store.put(key, 'aaaaa', { lastModified: new Date('2026-01-01T00:00:00.000Z') });
    const longer = (await store.head(key))?.etag;
    await store.put(key, 'bbbb', { lastModified: new Date('2026-01-01T00:00:01.000Z') });
    const later = (await store.head(key))?.etag;

    // Assess
    expect(new Set([first, longer, later]).size).toBe(3);
    expect((await store.head(key))?.etag).toBe(later);
  });

  it('throws a StorageError when a key climbs out of the root or starts with a slash', async () => {
    // Act and Assess: "a/../b" stays inside the root on disk, but a key never has a ".." segment.
    await expect(store.put('../escaped.json', '{}')).rejects.toBeInstanceOf(StorageError);
    await expect(store.put('raw/../../escaped.json', '{}')).rejects.toThrow(/\.\./);
    await expect(store.head('a/../b')).rejects.toBeInstanceOf(StorageError);
    await expect(store.getBytes('/etc/passwd')).rejects.toBeInstanceOf(StorageError);
    await expect(listKeys(store, '../')).rejects.toBeInstanceOf(StorageError);
  });

  it('reads byte ranges, clipped at the end of the object', async () => {
    // Prepare: 3 MiB where byte i is i mod 251, so every range has distinct, known bytes.
    const key = 'incoming/billing/focus/export-00001.snappy.parquet';
    const body = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => i % 251);
    await store.put(key, body);
    const size = body.length;

    // Act
    const middle = await store.getRange(key, 1_000_000, 1_000_010);
    const tail = await store.getRange(key, size - 3, size + 10);
    const past = await store.getRange(key, size + 5, size + 9);
    const empty = await store.getRange(key, 7, 7);

    // Assess: 1,000,000 mod 251 = 16.
    expect([...middle]).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect([...tail]).toEqual([...body.subarray(size - 3)]);
    expect(past.length).toBe(0);
    expect(empty.length).toBe(0);
  });

  it('refuses a ranged read of an object that changed since its ETag was listed', async () => {
    // Prepare
    const key = 'incoming/billing/focus/export.parquet';
    await store.put(key, 'version one', { lastModified: new Date('2026-01-01T00:00:00.000Z') });
    const listed = (await store.head(key))?.etag as string;
    await store.put(key, 'version two', { lastModified: new Date('2026-01-01T00:00:01.000Z') });

    // Act
    const stale = await store.getRange(key, 0, 7, listed).catch((error: unknown) => error);
    const current = await store.getRange(key, 8, 11, (await store.head(key))?.etag);

    // Assess: retryable, since the next run lists the new version.
    expect(stale).toBeInstanceOf(StorageError);
    expect(stale).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/changed since it was listed/),
    });
    expect(Buffer.from(current).toString()).toBe('two');
  });

  it('rejects a ranged read of a missing object, a folder, or a backwards range', async () => {
    // Prepare
    await store.put('incoming/billing/focus/a/b.parquet', 'x');

    // Act and Assess
    await expect(store.getRange('incoming/billing/focus/missing.parquet', 0, 4)).rejects.toThrow(
      'incoming/billing/focus/missing.parquet',
    );
    await expect(store.getRange('incoming/billing/focus/a', 0, 4)).rejects.toBeInstanceOf(StorageError);
    await expect(store.getRange('incoming/billing/focus/a/b.parquet', 4, 2)).rejects.toThrow(
      /bad byte range/,
    );
  });

  it('rejects with a StorageError naming the key when get finds no object', async () => {
    // Act
    const result = store.get('incoming/events/missing.ndjson');

    // Assess
    await expect(result).rejects.toBeInstanceOf(StorageError);
    await expect(result).rejects.toThrow('incoming/events/missing.ndjson');
  });

  it('returns undefined when the key runs through a file or names a folder', async () => {
    // Prepare: in S3 "state/run" and "state/run/x" are unrelated keys; on disk one is a file.
    await store.put('state/run', 'x');
    await store.put('raw/events/a.ndjson', 'x');

    // Act and Assess
    expect(await store.head('state/run/x')).toBeUndefined();
    expect(await store.getBytes('state/run/x')).toBeUndefined();
    expect(await listKeys(store, 'state/run/')).toEqual([]);
    expect(await store.head('raw/events')).toBeUndefined();
    expect(await store.getBytes('raw/events')).toBeUndefined();
  });

  it('leaves no temporary file in the folder or the listing after many writes', async () => {
    // Prepare: a key whose name merely contains ".tmp-" is an ordinary object and must be listed.
    const keys = ['raw/events/a.ndjson', 'raw/events/b.ndjson', 'raw/events/data.tmp-1.ndjson'];

    // Act: overwrites and lost putIfAbsent races, all at once.
    await Promise.all(
      keys.flatMap((key) => [
        ...Array.from({ length: 10 }, (_, i) => store.put(key, `version ${i}`)),
        ...Array.from({ length: 10 }, (_, i) => store.putIfAbsent(key, `attempt ${i}`)),
      ]),
    );

    // Assess
    expect(await listKeys(store, '')).toEqual(keys);
    expect((await readdir(join(root, 'raw', 'events'))).sort()).toEqual([
      'a.ndjson',
      'b.ndjson',
      'data.tmp-1.ndjson',
    ]);
  });
});
