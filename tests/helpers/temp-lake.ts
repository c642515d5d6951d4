import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** A fresh lake folder under the OS temp dir; `cleanup` removes it. */
export async function tempLake(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'aiue-lake-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every file under `dir` (relative path → SHA-256 of its bytes), for byte-identity checks. */
export async function treeDigest(dir: string): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        digest[relative(dir, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir);
  return digest;
}

/** The JSON objects of every NDJSON file under `dir`. */
export async function readNdjsonTree(dir: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const path of Object.keys(await treeDigest(dir)).sort()) {
    const text = await readFile(join(dir, path), 'utf8');
    for (const line of text.split('\n')) if (line) rows.push(JSON.parse(line));
  }
  return rows;
}
