import { resolve } from 'node:path';
import { DirectoryObjectStore } from '../lambdas/adapters/local/directory-object-store.ts';
import type { Clock } from '../lambdas/ports/clock.ts';
import type { ObjectStore } from '../lambdas/ports/object-store.ts';

/** The embedded default's adapters, composed once per CLI run: a directory and a fixed clock. */
export interface LocalLake {
  readonly root: string;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly asOf: Date;
}

export function openLocalLake(options: { lake: string; asOf: Date }): LocalLake {
  const root = resolve(options.lake);
  return {
    root,
    store: new DirectoryObjectStore(root),
    clock: { now: () => new Date() },
    asOf: options.asOf,
  };
}
