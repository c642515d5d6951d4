import { readFileSync } from 'node:fs';
import { App, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseDeploymentConfig } from '../../lambdas/config/deployment-config.ts';
import { AiUnitEconomicsStack } from '../../lib/ai-unit-economics-stack.ts';
import type { JobSpec } from '../../lib/job-table.ts';

/** The feature flags and settings of the repository's cdk.json, so tests synthesize what `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

export interface TestStackOptions {
  /** Deployment context values, as `-c key=value` would give them. */
  readonly context?: Record<string, unknown>;
  readonly jobs?: readonly JobSpec[];
  readonly env?: Environment;
  /** Bundle the Lambdas for real into this folder; by default bundling is skipped. */
  readonly outdir?: string;
}

/** One stack as bin/app.ts builds it, without cdk-nag (the nag test adds it itself). */
export function testStack(options: TestStackOptions = {}) {
  const app = new App({
    ...(options.outdir && { outdir: options.outdir }),
    context: {
      ...CDK_JSON_CONTEXT,
      // Construct paths in resource metadata, as the CLI writes them: logicalIdOf finds resources by path.
      'aws:cdk:enable-path-metadata': true,
      // Bundle for real only when asked; then record each function's asset folder in its metadata.
      ...(options.outdir ? { 'aws:cdk:enable-asset-metadata': true } : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new AiUnitEconomicsStack(app, 'AiUnitEconomics', {
    config: parseDeploymentConfig(options.context ?? {}),
    ...(options.jobs && { jobs: options.jobs }),
    ...(options.env && { env: options.env }),
  });
  return { app, stack, template: () => Template.fromStack(stack) };
}

/** The logical id of the resource whose construct path ends with this suffix (e.g. `Jobs/Land/Role`). */
export function logicalIdOf(template: Template, type: string, pathSuffix: string): string {
  const found = Object.entries(template.findResources(type)).filter(([, resource]) =>
    String(resource.Metadata?.['aws:cdk:path'] ?? '').endsWith(`${pathSuffix}/Resource`),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} at */${pathSuffix}, found ${found.length}`);
  return (found[0] as [string, unknown])[0];
}

/** An IAM statement with its resources flattened to readable strings: `<Bucket.Arn>/raw/*`. */
export interface FlatStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** Every Allow statement of every policy attached to the role (inline policies and AWS::IAM::Policy). */
export function statementsOfRole(template: Template, roleLogicalId: string): FlatStatement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as unknown[]).some(
      (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
    ),
  );
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  const documents = [
    ...policies.map((policy) => policy.Properties.PolicyDocument),
    ...((role?.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map(
      (policy) => policy.PolicyDocument,
    ),
  ] as { Statement: { Effect: string; Action: string | string[]; Resource: unknown }[] }[];
  return documents.flatMap((document) =>
    document.Statement.filter((statement) => statement.Effect === 'Allow').map((statement) => ({
      actions: [statement.Action].flat(),
      resources: [statement.Resource].flat().map(flatten),
    })),
  );
}

/** Like cdk-nag's flattening: Fn::GetAtt → `<Id.Attr>`, Ref → `<Id>`, Fn::Join joined. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if (node['Fn::GetAtt']) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  if (node.Ref) return `<${node.Ref}>`;
  if (node['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  return JSON.stringify(value);
}
