import { availableParallelism } from 'node:os';
import type { LandRunRecord } from '../../lambdas/jobs/land.ts';
import { runLand } from '../../lambdas/jobs/land.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter, table } from '../reporter.ts';

export async function landCommand(lake: LocalLake): Promise<LandRunRecord> {
  const record = await runLand(
    {
      store: lake.store,
      clock: lake.clock,
      onProgress: ({ objectsDone, objectsTotal, recordsRead }) =>
        reporter.progress(
          `land: ${objectsDone}/${objectsTotal} objects, ${recordsRead.toLocaleString('en-US')} records`,
        ),
    },
    // This thread validates too: one worker fewer than there are cores keeps them all busy.
    { workerThreads: availableParallelism() - 1 },
  );
  reporter.endProgress();
  printLandSummary(record);
  return record;
}

export function printLandSummary(record: LandRunRecord): void {
  const { totals } = record;
  const count = (value: number) => value.toLocaleString('en-US');
  reporter.line(`land ${record.run_id}: ${record.status}`);
  reporter.line(
    `  objects: ${totals.objects_landed} landed, ${totals.objects_already_landed} already landed, ${totals.objects_ignored} ignored`,
  );
  const byKind = new Map<string, [number, number, number, number]>();
  for (const object of record.objects) {
    const sums = byKind.get(object.kind) ?? [0, 0, 0, 0];
    byKind.set(object.kind, [
      sums[0] + object.records_read,
      sums[1] + object.valid,
      sums[2] + object.duplicates,
      sums[3] + object.quarantined,
    ]);
  }
  const rows = [...byKind].map(([kind, sums]) => [kind, ...sums.map(count)]);
  rows.push([
    'total',
    count(totals.records_read),
    count(totals.valid),
    count(totals.duplicates),
    count(totals.quarantined),
  ]);
  reporter.line(
    table(['records', 'read', 'valid', 'duplicates', 'quarantined'], rows)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  const balanced = totals.records_read === totals.valid + totals.duplicates + totals.quarantined;
  reporter.line(
    `  read = valid + duplicates + quarantined: ${balanced ? 'yes' : 'NO (report this as a bug)'}`,
  );
  for (const object of record.objects.filter((entry) => entry.error)) {
    reporter.line(`  ! ${object.key}: ${object.error}`);
  }
  for (const entry of record.ignored) reporter.line(`  - ignored ${entry.key}: ${entry.reason}`);
}
