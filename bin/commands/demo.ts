import { generateDemoLake } from '../../lambdas/domain/demo/generate-demo-lake.ts';
import { writeDemoLake } from '../../lambdas/jobs/demo.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';
import { runCommand } from './run.ts';

const DAY_MS = 86_400_000;

/**
 * `demo`: writes the seeded sample lake, with traffic ending the day before `--as-of`
 * (so every file has arrived by then), and runs the whole pipeline on it. The same
 * seed and as-of day give the same lake, byte for byte.
 */
export async function demoCommand(
  lake: LocalLake,
  options: { days: number; seed: number },
): Promise<boolean> {
  const endDate = new Date(lake.asOf.getTime() - DAY_MS).toISOString().slice(0, 10);
  const files = generateDemoLake({ seed: options.seed, days: options.days, endDate });
  await writeDemoLake(lake.store, files);
  reporter.line(
    `demo: wrote ${files.length} sample files to ${lake.root} (seed ${options.seed}, ${options.days} days to ${endDate})`,
  );
  return runCommand(lake);
}
