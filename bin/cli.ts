import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError, ConfigError } from '../lambdas/domain/errors.ts';
import { landCommand } from './commands/land.ts';
import { schemasCommand } from './commands/schemas.ts';
import { openLocalLake } from './local-lake.ts';
import { reporter } from './reporter.ts';

/**
 * `ai-unit-economics`: the jobs on the embedded default (a local folder and DuckDB).
 * Exit codes: 0 success, 1 the job failed (nothing partial published), 2 bad usage or
 * bad configuration.
 */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function isoTimestamp(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(`"${value}" is not an ISO 8601 timestamp such as 2026-05-31T00:00:00Z`);
  }
  return date;
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return Number(value);
}

interface GlobalOptions {
  readonly lake: string;
  readonly asOf?: Date;
}

const program = new Command('ai-unit-economics')
  .description('Cost per business unit of AI API spend, proven against the bill.')
  .addOption(
    new Option('--lake <dir>', 'the lake folder (the DuckDB file lives inside it)').default('./lake'),
  )
  .addOption(
    new Option(
      '--as-of <iso-timestamp>',
      'evaluate outcomes and windows as of this instant (default: now)',
    ).argParser(isoTimestamp),
  )
  .showHelpAfterError()
  .exitOverride();

function lake(command: Command) {
  const options = command.optsWithGlobals<GlobalOptions>();
  return openLocalLake({ lake: options.lake, asOf: options.asOf ?? new Date() });
}

program
  .command('land')
  .description('validate and land new objects under incoming/ into raw/ and quarantine/')
  .action(async (_options, command: Command) => {
    const record = await landCommand(lake(command));
    if (record.status !== 'succeeded') process.exitCode = EXIT_FAILED;
  });

program
  .command('run')
  .description('land → compute → reconcile → alert → report')
  .action(async (_options, command: Command) => {
    const { runCommand } = await import('./commands/run.ts');
    await runCommand(lake(command));
  });

program
  .command('schemas')
  .description('write the JSON Schemas of the input contracts')
  .option('--out <dir>', 'folder to write them to', 'schemas')
  .action(async (options: { out: string }) => schemasCommand(options.out));

program
  .command('demo')
  .description('write a realistic sample lake and run the pipeline on it (what `npm start` runs)')
  .option('--days <n>', 'days of traffic', positiveInteger, 45)
  .option('--seed <n>', 'random seed: the same seed gives the same lake', positiveInteger, 42)
  .action(async (options: { days: number; seed: number }, command: Command) => {
    const { demoCommand } = await import('./commands/demo.ts');
    await demoCommand(lake(command), options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reporter.endProgress();
  if (error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number') {
    // commander: --help and --version exit 0; usage errors have already been printed.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof ConfigError) {
    reporter.problem(`configuration error: ${error.message}`);
    process.exitCode = EXIT_USAGE;
  } else {
    reporter.problem(`failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof AppError) && error instanceof Error && error.stack) reporter.problem(error.stack);
    process.exitCode = EXIT_FAILED;
  }
}
