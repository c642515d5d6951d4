import { type ComputeRunRecord, runCompute } from '../../lambdas/jobs/compute.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';

export async function computeCommand(
  lake: LocalLake,
  options: { from?: string; to?: string },
): Promise<ComputeRunRecord> {
  reporter.progress('compute: merging new partitions and recomputing the window…');
  const { engine, warehouse } = await lake.sql();
  const record = await runCompute(
    { store: lake.store, engine, warehouse, clock: lake.clock },
    { asOf: lake.asOf, ...options },
  );
  reporter.endProgress();
  const count = (value: number) => value.toLocaleString('en-US');
  reporter.line(
    `compute ${record.run_id}: ${record.status}, window ${record.window.from} to ${record.window.to}, as of ${record.as_of}`,
  );
  reporter.line(
    `  merged ${record.merged.partitions.length} new raw partitions from ${record.merged.land_runs.length} land runs${record.merged.first_run ? ' (first run: everything present)' : ''}`,
  );
  reporter.line(
    `  rows: ${Object.entries(record.rows)
      .map(([table, rows]) => `${table} ${count(rows)}`)
      .join(', ')}`,
  );
  const failing = Object.entries(record.checks).filter(([, rows]) => rows > 0);
  reporter.line(
    failing.length === 0
      ? `  checks: ${Object.keys(record.checks).length} passed`
      : `  checks: ${failing.map(([check, rows]) => `${check} ${count(rows)} failing rows`).join(', ')}`,
  );
  if (record.error) reporter.problem(`compute failed: ${record.error.message}`);
  return record;
}
