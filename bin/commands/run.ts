import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';
import { alertCommand } from './alert.ts';
import { computeCommand } from './compute.ts';
import { reportCommand } from './insight.ts';
import { landCommand } from './land.ts';
import { reconcileCommand } from './reconcile.ts';
import { dashboardCommand } from './views.ts';

/**
 * `run`: the jobs in order (land → compute → reconcile → alert → report), stopping at
 * the first failure so no alert is computed from partial data.
 */
export async function runCommand(lake: LocalLake): Promise<boolean> {
  const landed = await landCommand(lake);
  if (landed.status !== 'succeeded') return false;
  reporter.line();
  const computed = await computeCommand(lake, {});
  if (computed.status !== 'succeeded') return false;
  reporter.line();
  await dashboardCommand(lake, {});
  reporter.line();
  const reconciled = await reconcileCommand(lake, {});
  if (reconciled.status !== 'succeeded') return false;
  reporter.line();
  const alerted = await alertCommand(lake, { dryRun: false });
  reporter.line();
  await reportCommand(lake);
  return alerted.status === 'succeeded';
}
