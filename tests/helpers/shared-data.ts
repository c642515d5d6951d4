import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The third-party samples in `../shared/data/` beside the repository, read in place and
 * never copied. `AIUE_SHARED_DATA` names another folder (`.ci/run` sets it when the
 * samples sit higher up). A missing sample fails the test that needs it, saying where
 * it was looked for.
 */
const root = process.env.AIUE_SHARED_DATA
  ? pathToFileURL(`${resolve(process.env.AIUE_SHARED_DATA)}/`)
  : new URL('../../../shared/data/', import.meta.url);

export function sharedDataPath(path: string): URL {
  const url = new URL(path, root);
  if (!existsSync(url)) {
    throw new Error(
      `third-party sample "${path}" not found under ${fileURLToPath(root)}: the samples live in ../shared/data beside the repository; set AIUE_SHARED_DATA to their folder`,
    );
  }
  return url;
}
