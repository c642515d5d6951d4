import { resolve } from 'node:path';
import { openLocalWarehouse } from '../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { DirectoryObjectStore } from '../lambdas/adapters/local/directory-object-store.ts';
import type { Clock } from '../lambdas/ports/clock.ts';
import type { ObjectStore } from '../lambdas/ports/object-store.ts';
import type { QueryEngine } from '../lambdas/ports/query-engine.ts';
import type { Warehouse } from '../lambdas/sql/warehouse.ts';

/**
 * The embedded default's adapters, composed once per CLI run: the lake folder, the DuckDB
 * file inside it (opened on first use: one process at a time may hold it) and the clock.
 */
export interface LocalLake {
  readonly root: string;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly asOf: Date;
  /** The query engine on `<lake>/warehouse.duckdb` and its bindings to the lake's files. */
  sql(): Promise<{ readonly engine: QueryEngine; readonly warehouse: Warehouse }>;
  close(): Promise<void>;
}

export function openLocalLake(options: { lake: string; asOf: Date }): LocalLake {
  const root = resolve(options.lake);
  let opened: ReturnType<typeof openLocalWarehouse> | undefined;
  return {
    root,
    store: new DirectoryObjectStore(root),
    clock: { now: () => new Date() },
    asOf: options.asOf,
    sql: () => {
      opened ??= openLocalWarehouse(root);
      return opened;
    },
    close: async () => {
      if (opened) await (await opened).engine.close();
    },
  };
}
