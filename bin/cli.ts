import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError, ConfigError, InvalidInputError } from '../lambdas/domain/errors.ts';
import { type LocalLake, openLocalLake } from './local-lake.ts';
import { reporter } from './reporter.ts';

/**
 * `ai-unit-economics`: the jobs on the embedded default (a local folder and DuckDB).
 * Exit codes: 0 success, 1 the job failed (nothing partial published), 2 bad usage or
 * bad configuration. Commands load their modules on use, so `--help` stays fast.
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

function day(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError(`"${value}" is not a date such as 2026-05-31`);
  }
  return value;
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

/** Runs a command on the lake and closes it; a result of `false` means the job failed (exit 1). */
function onLake<Options>(run: (lake: LocalLake, options: Options) => Promise<unknown>) {
  return async (options: Options, command: Command) => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const lake = openLocalLake({ lake: globals.lake, asOf: globals.asOf ?? new Date() });
    try {
      const result = await run(lake, options);
      const status = (result as { status?: string } | undefined)?.status;
      if (result === false || (status !== undefined && status !== 'succeeded'))
        process.exitCode = EXIT_FAILED;
    } finally {
      await lake.close();
    }
  };
}

program
  .command('demo')
  .description('write a realistic sample lake and run the pipeline on it (what `npm start` runs)')
  .option('--days <n>', 'days of traffic', positiveInteger, 45)
  .option('--seed <n>', 'random seed: the same seed gives the same lake', positiveInteger, 42)
  .action(
    onLake(async (lake, options: { days: number; seed: number }) => {
      const { demoCommand } = await import('./commands/demo.ts');
      return demoCommand(lake, options);
    }),
  );

program
  .command('run')
  .description('land → compute → reconcile → alert → report, stopping at the first failure')
  .action(
    onLake(async (lake) => {
      const { runCommand } = await import('./commands/run.ts');
      return runCommand(lake);
    }),
  );

program
  .command('land')
  .description('validate and land new objects under incoming/ into raw/ and quarantine/')
  .action(
    onLake(async (lake) => {
      const { landCommand } = await import('./commands/land.ts');
      return landCommand(lake);
    }),
  );

program
  .command('compute')
  .description(
    'merge newly landed data and recompute the window (default: the settings window up to --as-of)',
  )
  .option('--from <day>', 'first day to recompute (YYYY-MM-DD)', day)
  .option('--to <day>', 'last day to recompute (YYYY-MM-DD)', day)
  .action(
    onLake(async (lake, options: { from?: string; to?: string }) => {
      const { computeCommand } = await import('./commands/compute.ts');
      return computeCommand(lake, options);
    }),
  );

program
  .command('reconcile')
  .description('compare estimates with billing evidence per billing period, provider, account and model')
  .option('--period <YYYY-MM>', 'one billing period (default: the settings lookback up to --as-of)')
  .action(
    onLake(async (lake, options: { period?: string }) => {
      const { reconcileCommand } = await import('./commands/reconcile.ts');
      return reconcileCommand(lake, options);
    }),
  );

program
  .command('doctor')
  .description('check prices, allocation metadata, billing evidence and the joins: pass / warn / fail')
  .action(
    onLake(async (lake) => {
      const { doctorCommand } = await import('./commands/reconcile.ts');
      return doctorCommand(lake);
    }),
  );

program
  .command('alert')
  .description('evaluate the alert rules on the latest successful results and publish what is new or changed')
  .option('--dry-run', 'print what would be sent; send and record nothing', false)
  .action(
    onLake(async (lake, options: { dryRun: boolean }) => {
      const { alertCommand } = await import('./commands/alert.ts');
      return alertCommand(lake, options);
    }),
  );

program
  .command('dashboard')
  .description('the first dashboard: cost and units by application and workflow for an ISO week')
  .option('--week <YYYY-Www>', 'ISO week (default: the latest published week)')
  .action(
    onLake(async (lake, options: { week?: string }) => {
      const { dashboardCommand } = await import('./commands/views.ts');
      return dashboardCommand(lake, options);
    }),
  );

program
  .command('export')
  .description('write a documented view as CSV or JSON (exact decimals as strings)')
  .requiredOption('--view <name>', 'the view, e.g. v_unit_economics_daily')
  .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
  .option('--out <file>', 'write to this file instead of stdout')
  .action(
    onLake(async (lake, options: { view: string; format: 'csv' | 'json'; out?: string }) => {
      const { exportCommand } = await import('./commands/views.ts');
      return exportCommand(lake, options);
    }),
  );

program
  .command('report')
  .description('write the self-contained HTML report to reports/<day>/index.html and reports/latest.html')
  .action(
    onLake(async (lake) => {
      const { reportCommand } = await import('./commands/insight.ts');
      await reportCommand(lake);
    }),
  );

program
  .command('outliers')
  .description('the costliest units per workflow and week, with the diagnostics that explain them')
  .option('--workflow <name>', 'only this workflow')
  .option('--week <YYYY-Www>', 'ISO week (default: the latest published week)')
  .option('--top <n>', 'units per workflow', positiveInteger, 5)
  .action(
    onLake(async (lake, options: { workflow?: string; week?: string; top: number }) => {
      const { outliersCommand } = await import('./commands/insight.ts');
      await outliersCommand(lake, options);
    }),
  );

program
  .command('compare')
  .description(
    'compare two cohorts of units: success rate and cost per unit with 95% intervals, and a verdict',
  )
  .addOption(
    new Option('--by <dimension>', 'what tells the cohorts apart')
      .choices(['prompt_version', 'model', 'fallback_route'])
      .makeOptionMandatory(),
  )
  .requiredOption('--a <value>', 'cohort A (the baseline)')
  .requiredOption('--b <value>', 'cohort B (the change)')
  .option('--workflow <name>', 'only this workflow')
  .option('--from <day>', 'first cohort day (default: 28 days before --as-of)', day)
  .option('--to <day>', 'last cohort day', day)
  .option('--seed <n>', 'bootstrap seed (the same seed gives the same intervals)', positiveInteger, 1)
  .action(
    onLake(
      async (
        lake,
        options: {
          by: string;
          a: string;
          b: string;
          workflow?: string;
          from?: string;
          to?: string;
          seed: number;
        },
      ) => {
        const { compareCommand } = await import('./commands/insight.ts');
        await compareCommand(lake, options);
      },
    ),
  );

program
  .command('schemas')
  .description('write the JSON Schemas of the input contracts')
  .option('--out <dir>', 'folder to write them to', 'schemas')
  .action(async (options: { out: string }) => {
    const { schemasCommand } = await import('./commands/schemas.ts');
    await schemasCommand(options.out);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reporter.endProgress();
  if (error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number') {
    // commander: --help and --version exit 0; usage errors have already been printed.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof ConfigError || error instanceof InvalidInputError) {
    reporter.problem(`${error instanceof ConfigError ? 'configuration' : 'usage'} error: ${error.message}`);
    process.exitCode = EXIT_USAGE;
  } else {
    reporter.problem(`failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof AppError) && error instanceof Error && error.stack) reporter.problem(error.stack);
    process.exitCode = EXIT_FAILED;
  }
}
