import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../lambdas/adapters/local/directory-object-store.ts';
import { type DemoFile, generateDemoLake } from '../../../lambdas/domain/demo/generate-demo-lake.ts';
import { writeDemoLake } from '../../../lambdas/jobs/demo.ts';
import { tempLake, treeDigest } from '../../helpers/temp-lake.ts';

// A small lake (3 days, 100 requests a day) keeps the disk work short.
const files: DemoFile[] = generateDemoLake({ seed: 1, days: 3, endDate: '2026-05-10', requestsPerDay: 100 });

describe('Job: write demo lake', () => {
  const lakes: { root: string; cleanup: () => Promise<void> }[] = [];
  const newLake = async () => {
    const lake = await tempLake();
    lakes.push(lake);
    return lake.root;
  };

  beforeEach(() => {
    lakes.length = 0;
  });
  afterEach(async () => {
    await Promise.all(lakes.map((lake) => lake.cleanup()));
  });

  it('writes every file under its key with its arrival time as the modification time', async () => {
    const root = await newLake();

    await writeDemoLake(new DirectoryObjectStore(root), files);

    for (const file of files) {
      const stats = await stat(join(root, ...file.key.split('/')));
      expect(stats.mtime.getTime()).toBe(file.receivedAt.getTime());
    }
  });

  it('gzips the files marked gzip and writes the others as they are', async () => {
    const root = await newLake();
    const gzipped = files.find((file) => file.gzip);
    const plain = files.find((file) => !file.gzip && file.key.startsWith('incoming/events/'));

    await writeDemoLake(new DirectoryObjectStore(root), files);

    expect(gzipped?.key).toMatch(/\.ndjson\.gz$/);
    const gzBytes = await readFile(join(root, ...(gzipped?.key ?? '').split('/')));
    expect(gzBytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(gzBytes).toString('utf8')).toBe(gzipped?.body);
    expect(await readFile(join(root, ...(plain?.key ?? '').split('/')), 'utf8')).toBe(plain?.body);
  });

  it('gives identical bytes and modification times when the same lake is written twice', async () => {
    const first = await newLake();
    const second = await newLake();

    await writeDemoLake(new DirectoryObjectStore(first), files);
    await writeDemoLake(
      new DirectoryObjectStore(second),
      generateDemoLake({ seed: 1, days: 3, endDate: '2026-05-10', requestsPerDay: 100 }),
    );

    expect(await treeDigest(second)).toEqual(await treeDigest(first));
    const gzKey = files.find((file) => file.gzip)?.key ?? '';
    const [a, b] = await Promise.all([first, second].map((root) => stat(join(root, ...gzKey.split('/')))));
    expect(b?.mtimeMs).toBe(a?.mtimeMs);
  });
});
