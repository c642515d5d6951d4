import { join } from 'node:path';
import { compare } from '../../lambdas/jobs/compare.ts';
import { outliers } from '../../lambdas/jobs/outliers.ts';
import { type ReportResult, runReport } from '../../lambdas/jobs/report.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';

export async function outliersCommand(
  lake: LocalLake,
  options: { workflow?: string; week?: string; top: number },
): Promise<void> {
  const { engine, warehouse } = await lake.sql();
  const result = await outliers({ engine, warehouse }, options);
  reporter.line(result.week === null ? 'outliers: nothing published yet; run `compute` first' : result.text);
}

export async function compareCommand(
  lake: LocalLake,
  options: { by: string; a: string; b: string; workflow?: string; from?: string; to?: string; seed: number },
): Promise<void> {
  const { engine, warehouse } = await lake.sql();
  const result = await compare({ engine, warehouse }, { ...options, asOf: lake.asOf });
  reporter.line(result.text);
}

export async function reportCommand(lake: LocalLake): Promise<ReportResult> {
  const { engine, warehouse } = await lake.sql();
  const result = await runReport(
    { store: lake.store, engine, warehouse, clock: lake.clock },
    { asOf: lake.asOf },
  );
  reporter.line(
    `report: ${join(lake.root, result.key)} (week ${result.week ?? 'none'}, ${result.bytes.toLocaleString('en-US')} bytes)`,
  );
  reporter.line(`  latest: ${join(lake.root, result.latestKey)}`);
  return result;
}
