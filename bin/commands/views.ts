import { writeFile } from 'node:fs/promises';
import { formatDashboardTable } from '../../lambdas/domain/dashboard.ts';
import { loadDashboard } from '../../lambdas/jobs/dashboard.ts';
import { type ExportFormat, exportView } from '../../lambdas/jobs/export-view.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';

export async function exportCommand(
  lake: LocalLake,
  options: { view: string; format: ExportFormat; out?: string },
): Promise<void> {
  const { engine } = await lake.sql();
  const text = await exportView(engine, options.view, options.format);
  if (options.out) {
    await writeFile(options.out, text);
    reporter.problem(`wrote ${options.view} to ${options.out}`);
  } else process.stdout.write(text);
}

export async function dashboardCommand(lake: LocalLake, options: { week?: string }): Promise<void> {
  const { engine, warehouse } = await lake.sql();
  const dashboard = await loadDashboard({ engine, warehouse }, options);
  if (dashboard.week === null) {
    reporter.line('dashboard: nothing published yet; run `compute` first');
    return;
  }
  reporter.line(formatDashboardTable(dashboard.week, dashboard.rows));
}
