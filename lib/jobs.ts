import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/config/handler-env.ts';
import type { Alerts } from './alerts.ts';
import { JobFunction } from './job-function.ts';
import { JOBS, type JobName, type JobSpec } from './job-table.ts';
import type { QueryEngine } from './query-engine.ts';

export interface JobsProps {
  readonly bucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  readonly queryEngine: QueryEngine;
  readonly alerts: Alerts;
  /** Schedule expression per job, keyed as in the deployment config (`landSchedule`, …). */
  readonly schedules: Readonly<Record<JobSpec['schedule'], string>>;
  readonly logRetentionDays: number;
  readonly recomputeWindowDays: number;
  /** Secrets Manager names of the vendor admin keys (referenced; created by an operator, never here). */
  readonly vendorSecretNames: { readonly openAi: string; readonly anthropic: string };
  /**
   * @default JOBS (lib/job-table.ts)
   */
  readonly jobs?: readonly JobSpec[];
}

const SERVICE_NAME = 'ai-unit-economics';
const METRICS_NAMESPACE = 'AiUnitEconomics';

/**
 * One Lambda and one EventBridge Scheduler schedule per job of the job table, each with
 * exactly the lake prefixes, KMS use, Athena/Glue actions, topic and secrets its spec
 * names.
 */
export class Jobs extends Construct {
  public readonly functions: ReadonlyMap<JobName, JobFunction>;
  public readonly schedules: ReadonlyMap<JobName, scheduler.Schedule>;
  /** The role EventBridge Scheduler assumes to invoke the jobs. */
  public readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const functions = new Map<JobName, JobFunction>();
    const schedules = new Map<JobName, scheduler.Schedule>();
    const { failedRuns } = props.alerts;

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'ai-unit-economics: EventBridge Scheduler invokes the job Lambdas',
    });
    // Its dead-letter queue is KMS-encrypted; the Scheduler target grants only sqs:SendMessage.
    props.alerts.key.grant(this.schedulerRole, 'kms:GenerateDataKey', 'kms:Decrypt');

    for (const spec of props.jobs ?? JOBS) {
      const id = pascalCase(spec.name);
      const job = new JobFunction(this, id, {
        entry: spec.handler,
        description: spec.description,
        timeout: spec.timeout,
        memorySize: spec.memoryMb,
        environment: environmentOf(spec, props),
        logRetention: props.logRetentionDays as logs.RetentionDays,
        failedRuns,
        failedRunsKey: props.alerts.key,
        retryAttempts: spec.retryAttempts,
      });
      grantLake(job, spec, props);
      if (spec.queries) grantQueries(job.role, spec.queries, props.queryEngine);
      if (spec.publishesAlerts) grantPublish(job.role, props.alerts);
      if (spec.readsVendorSecrets) grantVendorSecrets(job, props.vendorSecretNames);

      const schedule = new scheduler.Schedule(this, `${id}Schedule`, {
        description: `ai-unit-economics ${spec.name}`,
        schedule: scheduler.ScheduleExpression.expression(props.schedules[spec.schedule]),
        timeWindow: scheduler.TimeWindow.off(),
        target: new targets.LambdaInvoke(job.function, {
          role: this.schedulerRole,
          // The handler checks `job` against itself, so a schedule wired to the wrong function fails loudly.
          input: scheduler.ScheduleTargetInput.fromObject({
            job: spec.name,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
            executionId: scheduler.ContextAttribute.executionId,
          }),
          deadLetterQueue: failedRuns,
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
        }),
      });
      Validations.of(this.schedulerRole).acknowledge({
        id: job.functionArnFinding(':*'),
        reason: `The Scheduler target grants lambda:InvokeFunction on the ${spec.name} function and its qualifiers (<arn>:*, versions and aliases); the wildcard never reaches another function.`,
      });
      functions.set(spec.name, job);
      schedules.set(spec.name, schedule);
    }
    this.functions = functions;
    this.schedules = schedules;
  }
}

function environmentOf(spec: JobSpec, props: JobsProps): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    [ENV.BUCKET]: props.bucket.bucketName,
    ...(spec.queries && {
      [ENV.DATABASE]: props.queryEngine.databaseName,
      [ENV.WORKGROUP]: props.queryEngine.workGroupName,
    }),
    ...(spec.recomputes && { [ENV.RECOMPUTE_WINDOW_DAYS]: String(props.recomputeWindowDays) }),
    ...(spec.publishesAlerts && { [ENV.ALERT_TOPIC_ARN]: props.alerts.topic.topicArn }),
    ...(spec.readsVendorSecrets && {
      [ENV.OPENAI_ADMIN_KEY_SECRET]: props.vendorSecretNames.openAi,
      [ENV.ANTHROPIC_ADMIN_KEY_SECRET]: props.vendorSecretNames.anthropic,
    }),
  };
}

/**
 * Object actions on the spec's prefixes only. s3:ListBucket is bucket-wide on purpose: S3
 * answers a missing key with 404 only to callers that may list the bucket (403 otherwise),
 * and the jobs tell "not there yet" (first run, new page) from "denied" by that 404.
 * Listing shows key names, never contents.
 */
function grantLake(job: JobFunction, spec: JobSpec, props: JobsProps): void {
  const { role } = job;
  const { bucket, lakeKey } = props;
  const prefixes = new Set([...spec.lake.read, ...spec.lake.write, ...spec.lake.delete]);
  for (const prefix of prefixes) {
    // Each prefix is acknowledged below as a scoped wildcard: an empty or partial one would be the whole bucket.
    if (!/^[a-z0-9-]+\/([a-z0-9_=.-]+\/)*$/.test(prefix)) {
      throw new Error(
        `job ${spec.name}: lake prefix "${prefix}" must be one or more folder names, each ending in "/"`,
      );
    }
  }
  const objects = (prefixes: readonly string[]) =>
    prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
  const allow = (actions: string[], prefixes: readonly string[]) => {
    if (prefixes.length > 0)
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: objects(prefixes) }));
  };

  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [bucket.bucketArn],
    }),
  );
  allow(['s3:GetObject'], spec.lake.read);
  allow(['s3:PutObject', 's3:AbortMultipartUpload'], spec.lake.write);
  allow(['s3:DeleteObject'], spec.lake.delete);
  // Reading SSE-KMS objects needs Decrypt; writing needs GenerateDataKey and Decrypt (to complete multipart uploads).
  if (spec.lake.write.length > 0) lakeKey.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
  else if (spec.lake.read.length > 0) lakeKey.grant(role, 'kms:Decrypt');

  const bucketLogicalId = Stack.of(job).resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId);
  for (const prefix of prefixes) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
      reason: `Object keys under ${prefix} are named at run time (partitions, run ids, page numbers, Iceberg data and metadata files, Athena query ids) and cannot be listed in advance; the wildcard is confined to that prefix, never the whole bucket.`,
    });
  }
}

/**
 * Athena on the stack's workgroup only: the three calls the Athena adapter makes (start, poll,
 * page through results) and StopQueryExecution, to cancel its own queries. Glue on the stack's database and its tables:
 * reading their definitions, and for `write` jobs creating and replacing them (CREATE TABLE
 * IF NOT EXISTS, CREATE OR REPLACE VIEW) and committing Iceberg snapshots (INSERT, MERGE and
 * DELETE move the table's metadata pointer with glue:UpdateTable). No statement under sql/
 * drops a table, and no partition is ever registered in Glue: raw tables use partition
 * projection and curated tables are Iceberg, which keeps its partitions in its own metadata.
 */
function grantQueries(role: iam.Role, access: 'read' | 'write', engine: QueryEngine): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
      ],
      resources: [engine.workGroupArn],
    }),
  );
  const read = [
    'glue:GetDatabase',
    'glue:GetTable',
    'glue:GetTables',
    'glue:GetPartition',
    'glue:GetPartitions',
    'glue:BatchGetPartition',
  ];
  const write = ['glue:CreateTable', 'glue:UpdateTable'];
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: access === 'write' ? [...read, ...write] : read,
      resources: [engine.catalogArns.catalog, engine.catalogArns.database, engine.catalogArns.tables],
    }),
  );
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${flatArn(engine.catalogArns.tables)}]`,
    reason: `Tables and views of the ${engine.databaseName} database only: the jobs create them from sql/ (one per file), so their names are not fixed in the stack.`,
  });
}

function grantPublish(role: iam.Role, alerts: Alerts): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [alerts.topic.topicArn] }),
  );
  alerts.key.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
}

function grantVendorSecrets(job: JobFunction, names: JobsProps['vendorSecretNames']): void {
  for (const [id, name] of [
    ['OpenAiAdminKey', names.openAi],
    ['AnthropicAdminKey', names.anthropic],
  ] as const) {
    // Referenced by name: an operator creates the secret; until then the source is skipped as "no key".
    const secret = secretsmanager.Secret.fromSecretNameV2(job, id, name);
    job.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        // Secrets Manager appends six random characters to a secret's ARN.
        resources: [`${secret.secretArn}-??????`],
      }),
    );
  }
}

/** The ARN as cdk-nag prints it in a finding id (pseudo parameters as <AWS::…>). */
function flatArn(arn: string): string {
  return arn.replace(/\$\{Token\[AWS\.(\w+)\.\d+\]\}/g, '<AWS::$1>');
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_match, _dash, letter: string) => letter.toUpperCase());
}
