import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../lambdas/config/deployment-config.ts';
import { FINANCE_VIEWS } from '../lambdas/config/finance-views.ts';
import { Alerts } from './alerts.ts';
import { BillingExport } from './billing-export.ts';
import { DataLake } from './data-lake.ts';
import type { JobSpec } from './job-table.ts';
import { Jobs } from './jobs.ts';
import { QueryEngine } from './query-engine.ts';

export interface AiUnitEconomicsStackProps extends StackProps {
  /** Parsed deployment configuration (cdk.json context and -c overrides). */
  readonly config: DeploymentConfig;
  /**
   * @default JOBS (lib/job-table.ts)
   */
  readonly jobs?: readonly JobSpec[];
}

/**
 * ai-unit-economics in one account (DESIGN §11): the lake, the query engine, the job
 * Lambdas on their schedules, the alert topic, and optionally a FOCUS billing export.
 */
export class AiUnitEconomicsStack extends Stack {
  public readonly lake: DataLake;
  public readonly queryEngine: QueryEngine;
  public readonly alerts: Alerts;
  public readonly jobs: Jobs;
  public readonly billingExport: BillingExport | undefined;

  constructor(scope: Construct, id: string, props: AiUnitEconomicsStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.lake = new DataLake(this, 'DataLake', { retentionDays: config.retentionDays });
    this.queryEngine = new QueryEngine(this, 'QueryEngine', {
      bucket: this.lake.bucket,
      key: this.lake.key,
      bytesScannedCutoffMb: config.bytesScannedCutoffMb,
    });
    this.alerts = new Alerts(this, 'Alerts', { emails: config.alertEmails });
    this.jobs = new Jobs(this, 'Jobs', {
      bucket: this.lake.bucket,
      lakeKey: this.lake.key,
      queryEngine: this.queryEngine,
      alerts: this.alerts,
      schedules: config,
      logRetentionDays: config.logRetentionDays,
      recomputeWindowDays: config.recomputeWindowDays,
      vendorSecretNames: {
        openAi: config.openAiAdminKeySecretName,
        anthropic: config.anthropicAdminKeySecretName,
      },
      ...(props.jobs && { jobs: props.jobs }),
    });
    this.billingExport = config.createBillingExport
      ? new BillingExport(this, 'BillingExport', { bucket: this.lake.bucket, key: this.lake.key })
      : undefined;

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'BucketName',
      this.lake.bucket.bucketName,
      'The lake: applications write NDJSON under incoming/events/ and incoming/outcomes/',
    );
    output(
      'DatabaseName',
      this.queryEngine.databaseName,
      'Glue database holding the tables and finance views',
    );
    output(
      'WorkGroupName',
      this.queryEngine.workGroupName,
      'Athena workgroup to query the finance views with',
    );
    output(
      'LakeKeyArn',
      this.lake.key.keyArn,
      'KMS key of the lake: writers need kms:GenerateDataKey on it, readers kms:Decrypt',
    );
    output('AlertTopicArn', this.alerts.topic.topicArn, 'SNS topic of alerts and failed job runs');
    output(
      'FailedRunsQueueUrl',
      this.alerts.failedRuns.queueUrl,
      'Failed job runs, kept 14 days for inspection',
    );
    output('FinanceViews', FINANCE_VIEWS.join(','), 'Documented finance views in the Glue database');
  }
}
