import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/job-function.ts';
import { testStack } from '../helpers/cdk-app.ts';

const run = promisify(execFile);

/**
 * Named only in the AWS SDK's error text ("register the package by calling
 * [require("@aws-sdk/signature-v4-crt");]"), which the scan below cannot tell from code.
 */
const OPTIONAL_SDK_MODULES = ['@aws-sdk/signature-v4-crt', '@aws-sdk/signature-v4a'];

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Bare module names the bundle still imports at run time (static, dynamic or via require). */
function runtimeImports(code: string): string[] {
  const specifiers = [
    ...code.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']((?:@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9._-]+)*)["']/g,
    ),
  ].map((match) => match[1] as string);
  return [...new Set(specifiers)].sort();
}

interface BundledFunction {
  readonly path: string;
  readonly dir: string;
  readonly environment: Record<string, string>;
}

describe('Infra: job bundles', () => {
  let outdir: string;
  let functions: BundledFunction[];

  beforeAll(async () => {
    // Prepare: synthesize with real esbuild bundling into a folder outside the repository,
    // so no node_modules above it can satisfy a missing dependency.
    outdir = await mkdtemp(join(tmpdir(), 'aiue-bundles-'));
    const { app, stack } = testStack({ outdir });
    app.synth();
    const template = JSON.parse(await readFile(join(outdir, `${stack.artifactId}.template.json`), 'utf8'));
    functions = Object.values(
      template.Resources as Record<
        string,
        { Type: string; Metadata: Record<string, string>; Properties: any }
      >,
    )
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((resource) => ({
        path: resource.Metadata['aws:cdk:path'] ?? '',
        dir: join(outdir, resource.Metadata['aws:asset:path'] ?? ''),
        // References become placeholders: the handlers only need the values to be present.
        environment: Object.fromEntries(
          Object.entries(resource.Properties.Environment?.Variables ?? {}).map(([name, value]) => [
            name,
            typeof value === 'string' ? value : `placeholder-${name.toLowerCase()}`,
          ]),
        ),
      }));
  }, 120_000);

  afterAll(() => rm(outdir, { recursive: true, force: true }));

  it('bundles every job of the stack', () => {
    expect(functions.map((fn) => fn.path.split('/').at(-3)).sort()).toEqual([
      'Alert',
      'Compute',
      'Land',
      'LandBilling',
      'Reconcile',
    ]);
  });

  it('puts every file of sql/ inside each bundle, unchanged', async () => {
    const sqlRoot = join(REPO_ROOT, 'sql');
    const expected = await filesUnder(sqlRoot);
    expect(expected.filter((file) => file.endsWith('.sql')).length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(await filesUnder(join(fn.dir, 'sql')), fn.path).toEqual(expected);
      for (const file of expected) {
        expect(await readFile(join(fn.dir, 'sql', file), 'utf8'), file).toBe(
          await readFile(join(sqlRoot, file), 'utf8'),
        );
      }
    }
  });

  it('leaves only Node.js built-ins to import at run time', async () => {
    const builtins = new Set(builtinModules);
    for (const fn of functions) {
      const code = await readFile(join(fn.dir, 'index.mjs'), 'utf8');
      const external = runtimeImports(code).filter(
        (name) => !name.startsWith('node:') && !builtins.has(name),
      );
      expect(
        external.filter((name) => !OPTIONAL_SDK_MODULES.includes(name)),
        fn.path,
      ).toEqual([]);
    }
  });

  it('loads each bundle in a fresh Node.js process with only its Lambda environment', async () => {
    for (const fn of functions) {
      // Act: import the handler as the Lambda runtime would, from the bundle folder.
      const script = `const m = await import(${JSON.stringify(pathToFileURL(join(fn.dir, 'index.mjs')).href)});
        process.stdout.write(typeof m.handler);`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: fn.dir,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          LAMBDA_TASK_ROOT: fn.dir,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...fn.environment,
        },
      });

      // Assess
      expect(stdout, fn.path).toBe('function');
    }
  });

  it('runs each Athena job from its bundle as far as the lake, its SQL read from the bundled sql/', async () => {
    const athenaJobs = functions.filter((fn) => 'AIUE_DATABASE' in fn.environment);
    expect(athenaJobs.map((fn) => fn.path.split('/').at(-3)).sort()).toEqual([
      'Alert',
      'Compute',
      'Reconcile',
    ]);
    for (const fn of athenaJobs) {
      // Act: invoke as a manual run would ({}), with every AWS endpoint a closed port. The
      // handler loads the SQL catalog from $LAMBDA_TASK_ROOT/sql first, then reads the
      // settings from S3: reaching that read proves the catalog loaded.
      const script = `const m = await import(${JSON.stringify(pathToFileURL(join(fn.dir, 'index.mjs')).href)});
        try { await m.handler({}); process.stdout.write('no error'); }
        catch (error) { process.stdout.write(error.name + ': ' + error.message); }`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: fn.dir,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_MAX_ATTEMPTS: '1',
          LAMBDA_TASK_ROOT: fn.dir,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...fn.environment,
        },
      });

      // Assess: the output ends with the handler's error (Powertools' JSON log lines come first).
      expect(stdout.split('\n').at(-1), fn.path).toMatch(
        /^StorageError: could not read "config\/settings\.json"/,
      );
    }
  });
});
