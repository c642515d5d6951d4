import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { type TestStackOptions, testStack } from '../helpers/cdk-app.ts';

/** Synthesizes with the AwsSolutions pack as bin/app.ts does; returns what it reports. */
function nag(options: TestStackOptions) {
  const { app } = testStack(options);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: unknown = null;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  const open = new AwsSolutionsChecks()
    .validateScope(app)
    .violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
  return { app, synthError, open };
}

/** Every acknowledgement in the tree, with the construct that holds it. */
function acknowledgements(app: App): { id: string; path: string; reason: string }[] {
  const found: { id: string; path: string; reason: string }[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ id: id.replace(/^annotation::/i, ''), path: node.node.path, reason });
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(app);
  return found;
}

/** Findings as if nothing were acknowledged: what each acknowledgement must still match. */
function unacknowledgedFindings(app: App): { ruleName: string; paths: string[] }[] {
  const pack = new AwsSolutionsChecks();
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(app).violations.map((violation) => ({
    ruleName: violation.ruleName,
    paths: violation.violatingResources.map((resource) => resource.constructPath ?? ''),
  }));
}

describe('Infra: cdk-nag AwsSolutions', () => {
  it.each<[string, TestStackOptions]>([
    ['the default deployment', {}],
    [
      'every option on, in us-east-1',
      {
        context: { alertEmails: 'oncall@example.com', createBillingExport: 'true' },
        env: { account: '111122223333', region: 'us-east-1' },
      },
    ],
  ])('reports no unacknowledged error or warning for %s', (_name, options) => {
    // Act
    const { synthError, open } = nag(options);

    // Assess
    expect(open).toEqual([]);
    expect(synthError).toBeNull();
  });

  it('acknowledges only findings that exist, each with a reason a reviewer can check', () => {
    // Prepare
    const { app } = nag({ env: { account: '111122223333', region: 'us-east-1' } });
    const findings = unacknowledgedFindings(app);

    // Act
    const stale = acknowledgements(app).filter(
      (ack) =>
        !findings.some(
          (finding) => finding.ruleName === ack.id && finding.paths.some((path) => path.startsWith(ack.path)),
        ),
    );

    // Assess: a stale acknowledgement would silence a future finding nobody reviewed.
    expect(stale).toEqual([]);
    for (const ack of acknowledgements(app)) expect(ack.reason.length, ack.id).toBeGreaterThan(80);
  });
});
