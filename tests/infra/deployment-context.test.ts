import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/domain/errors.ts';
import { deploymentConfigFromContext } from '../../lib/deployment-context.ts';

const REPO_ROOT = new URL('../../', import.meta.url);

describe('Infra: deploymentConfigFromContext', () => {
  it('reads -c strings as numbers, booleans and lists, and defaults what is absent', () => {
    // Prepare: what `cdk synth -c …` puts in the context: strings only.
    const app = new App({
      context: {
        alertEmails: 'a@example.com,b@example.com',
        bytesScannedCutoffMb: '250',
        createBillingExport: 'false',
      },
    });

    // Act
    const config = deploymentConfigFromContext(app);

    // Assess
    expect(config).toMatchObject({
      alertEmails: ['a@example.com', 'b@example.com'],
      bytesScannedCutoffMb: 250,
      createBillingExport: false,
      recomputeWindowDays: 35,
      landSchedule: 'cron(5 * * * ? *)',
    });
  });

  it.each([
    ['retentionDays', 'two years', /retentionDays: expected a whole number \(received "two years"\)/],
    ['bytesScannedCutoffMb', '5', /bytesScannedCutoffMb: expected at least 10/],
    [
      'alertEmails',
      'oncall@example.com,not-an-address',
      /alertEmails: "not-an-address" is not an e-mail address/,
    ],
    ['landSchedule', 'hourly', /landSchedule: expected an EventBridge Scheduler expression/],
    ['createBillingExport', 'yes', /createBillingExport: expected true or false/],
    ['logRetentionDays', '31', /logRetentionDays: expected one of the CloudWatch Logs retention periods/],
  ])('throws a ConfigError naming %s when its value is bad', (key, value, message) => {
    const app = new App({ context: { [key]: value } });
    expect(() => deploymentConfigFromContext(app)).toThrow(ConfigError);
    expect(() => deploymentConfigFromContext(app)).toThrow(message);
  });

  it('throws when retentionDays would expire raw data inside the recompute window', () => {
    const app = new App({ context: { retentionDays: '30', recomputeWindowDays: '35' } });
    expect(() => deploymentConfigFromContext(app)).toThrow(
      /retentionDays: must be more than recomputeWindowDays \(35\)/,
    );
  });

  it('throws when retentionDays would expire billing lines reconcile still reads (93 days by default)', () => {
    // 31 days x the default 3-month lookback = 93: 92 fails, 93 passes.
    const config = (retentionDays: string) => () =>
      deploymentConfigFromContext(new App({ context: { retentionDays } }));
    expect(config('92')).toThrow(
      /retentionDays: must be at least 93: reconcile \(3-month lookback\) reads raw\/billing_lines\/ back for 93 days/,
    );
    expect(config('93')().retentionDays).toBe(93);
  });

  it('names only the bad key when recomputeWindowDays is out of range', () => {
    const app = new App({ context: { recomputeWindowDays: '0' } });
    expect(() => deploymentConfigFromContext(app)).toThrow(ConfigError);
    expect(() => deploymentConfigFromContext(app)).toThrow(/recomputeWindowDays: expected at least 1/);
  });

  it('fails the CDK app itself with a message naming the key when a context value is bad', async () => {
    // Prepare: the CLI hands -c values to the app through CDK_CONTEXT_JSON.
    const outdir = await mkdtemp(join(tmpdir(), 'aiue-synth-'));
    const env = {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ recomputeWindowDays: 'soon' }),
      CDK_OUTDIR: outdir,
    };

    // Act
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: REPO_ROOT,
      env,
    });

    // Assess
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringMatching(/recomputeWindowDays: expected a whole number/),
    });
    await rm(outdir, { recursive: true, force: true });
  });
});
