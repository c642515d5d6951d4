import { gzipSync } from 'node:zlib';
import type { DemoFile } from '../domain/demo/generate-demo-lake.ts';
import type { ObjectStore } from '../ports/object-store.ts';

/**
 * Writes the demo lake into a store. Each object's last-modified time is the file's
 * arrival time, where the store honours it (the local directory does), so generating
 * the lake again gives the same mtimes and therefore the same landed output. Files
 * marked `gzip` are compressed here (Node's gzip header carries no timestamp, so the
 * bytes are the same every time).
 */
const WRITES_IN_FLIGHT = 8;

export async function writeDemoLake(store: ObjectStore, files: readonly DemoFile[]): Promise<void> {
  let next = 0;
  // A few writes at once: each one waits on the disk (or the network) far more than on the CPU.
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as DemoFile;
      const body = file.gzip ? gzipSync(file.body) : file.body;
      await store.put(file.key, body, {
        lastModified: file.receivedAt,
        contentType: contentTypeOf(file.key),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, files.length) }, worker));
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.gz')) return 'application/gzip';
  if (key.endsWith('.csv')) return 'text/csv';
  if (key.endsWith('.json')) return 'application/json';
  return 'application/x-ndjson';
}
