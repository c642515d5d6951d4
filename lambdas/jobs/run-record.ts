import type { ObjectStore } from '../ports/object-store.ts';

/** Run records: one pretty-printed JSON file per run under `state/runs/<job>/`. */
export async function writeRunRecord(
  store: ObjectStore,
  prefix: string,
  record: { readonly run_id: string },
): Promise<void> {
  await store.put(`${prefix}${record.run_id}.json`, `${JSON.stringify(record, null, 2)}\n`, {
    contentType: 'application/json',
  });
}

/** The `error` of a failed run's record: what was thrown, by name and message. */
export function runFailure(error: unknown): { readonly name: string; readonly message: string } {
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  };
}
