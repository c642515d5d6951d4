import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlCatalog, type SqlStatement } from '../../lambdas/sql/sql-catalog.ts';
import { ATHENA_RESULTS_PREFIX } from '../../lib/data-lake.ts';
import { REPO_ROOT } from '../../lib/job-function.ts';
import { COMPUTE, JOBS, type JobSpec } from '../../lib/job-table.ts';

/**
 * Athena reads and writes S3 with the caller's permissions, so a job's grants must cover
 * the storage of every table behind the SQL it runs. Which statements a job runs is read
 * from its handler's bundle (tree-shaken, so only code the handler can reach): every
 * string literal that names an Athena statement of sql/. From those, the dependencies'
 * `location '{{lake}}/…'` clauses give the prefixes Athena reads, and the targets of
 * INSERT, MERGE and DELETE the Iceberg tables it writes. A new statement or a moved
 * table fails here until the job table grants it.
 */

interface NeededAccess {
  readonly statements: readonly string[];
  readonly read: readonly string[];
  readonly write: readonly string[];
}

const LOCATION = /\blocation\s+'\{\{lake\}\}\/([^']+\/)'/i;
const WRITE_TARGET = /\b(?:insert\s+into|merge\s+into|delete\s+from)\s+([a-z_][a-z0-9_]*)/gi;

async function statementNamesIn(handler: string, names: ReadonlySet<string>): Promise<string[]> {
  const result = await build({
    entryPoints: [`${REPO_ROOT}${handler}`],
    bundle: true,
    write: false,
    outdir: 'unused',
    platform: 'node',
    format: 'esm',
    packages: 'external',
    treeShaking: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles.map((file) => file.text).join('\n');
  const found = [...code.matchAll(/["'`]([a-z][a-z0-9_]*)["'`]/g)].map((match) => match[1] as string);
  return [...new Set(found.filter((name) => names.has(name)))].sort();
}

function neededAccess(entry: readonly string[], byName: ReadonlyMap<string, SqlStatement>): NeededAccess {
  const closure = new Set<string>();
  const visit = (name: string) => {
    if (closure.has(name)) return;
    closure.add(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency);
  };
  for (const name of entry) visit(name);
  const locationOf = (name: string) => LOCATION.exec(byName.get(name)?.text ?? '')?.[1];
  const read = new Set<string>([ATHENA_RESULTS_PREFIX]);
  const write = new Set<string>([ATHENA_RESULTS_PREFIX]);
  for (const name of closure) {
    const statement = byName.get(name);
    const location = locationOf(name);
    if (location) read.add(location);
    if (statement?.kind !== 'query') continue;
    for (const [, target] of statement.text.matchAll(WRITE_TARGET)) {
      const targetLocation = locationOf(target as string);
      if (targetLocation) write.add(targetLocation);
    }
  }
  return { statements: [...closure].sort(), read: [...read].sort(), write: [...write].sort() };
}

function missingGrants(spec: JobSpec, needed: NeededAccess): string[] {
  const covered = (granted: readonly string[], location: string) =>
    granted.some((prefix) => location.startsWith(prefix));
  return [
    ...needed.read.filter((location) => !covered(spec.lake.read, location)).map((l) => `read ${l}`),
    ...needed.write.filter((location) => !covered(spec.lake.write, location)).map((l) => `write ${l}`),
  ];
}

describe('Infra: job grants cover the SQL each job runs', () => {
  const athenaJobs = JOBS.filter((spec) => spec.queries);
  let byName: Map<string, SqlStatement>;
  const needed = new Map<string, NeededAccess>();

  beforeAll(async () => {
    const catalog = await loadSqlCatalog();
    byName = new Map(catalog.forDialect('athena').map((statement) => [statement.name, statement]));
    const names = new Set(byName.keys());
    for (const spec of athenaJobs) {
      needed.set(spec.name, neededAccess(await statementNamesIn(spec.handler, names), byName));
    }
  }, 60_000);

  it('finds the statements each Athena job runs', () => {
    // Spot checks, one per job, from reading the jobs: each publishes in one switching statement.
    expect(athenaJobs.map((spec) => spec.name)).toEqual(['compute', 'reconcile', 'alert']);
    expect(needed.get('compute')?.statements).toContain('int_result_days__switched');
    expect(needed.get('compute')?.statements).toContain('cost_outliers_top');
    expect(needed.get('reconcile')?.statements).toContain('int_reconciliation_periods__switched');
    expect(needed.get('alert')?.statements).toContain('alert_unpriced_usage');
  });

  it.each(JOBS.filter((spec) => spec.queries).map((spec) => [spec.name, spec] as const))(
    'grants %s every location its SQL reads and every table it writes',
    (name, spec) => {
      expect(missingGrants(spec, needed.get(name) as NeededAccess)).toEqual([]);
    },
  );

  it('names the location a job would miss when its spec leaves a table out', () => {
    // Prepare: compute without its curated requests table.
    const careless: JobSpec = {
      ...COMPUTE,
      lake: {
        ...COMPUTE.lake,
        read: COMPUTE.lake.read.filter((prefix) => prefix !== 'warehouse/requests/'),
        write: COMPUTE.lake.write.filter((prefix) => prefix !== 'warehouse/requests/'),
      },
    };

    // Act
    const missing = missingGrants(careless, needed.get('compute') as NeededAccess);

    // Assess: int_requests__merged merges into it; int_requests__priced reads it.
    expect(missing).toEqual(['read warehouse/requests/', 'write warehouse/requests/']);
  });
});
