import { Duration } from 'aws-cdk-lib';
import type { DeploymentConfig } from '../lambdas/config/deployment-config.ts';
import { ATHENA_RESULTS_PREFIX } from './data-lake.ts';

export type JobName = 'land' | 'land-billing' | 'compute' | 'reconcile' | 'alert';

/** Lake prefixes a job touches, each ending in `/`. Grants are exactly these, nothing bucket-wide. */
export interface LakeAccess {
  /** s3:GetObject */
  readonly read: readonly string[];
  /** s3:PutObject (and AbortMultipartUpload, for streamed uploads) */
  readonly write: readonly string[];
  /** s3:DeleteObject */
  readonly delete: readonly string[];
}

export interface JobSpec {
  readonly name: JobName;
  /** Handler file relative to the repository root. */
  readonly handler: string;
  readonly description: string;
  /** The deployment-config key that holds this job's schedule expression. */
  readonly schedule: Extract<keyof DeploymentConfig, `${string}Schedule`>;
  readonly timeout: Duration;
  readonly memoryMb: number;
  /** Lambda's retries of a failed scheduled run (0-2). Every job is idempotent, so retries are safe. */
  readonly retryAttempts: number;
  readonly lake: LakeAccess;
  /** Athena + Glue: `read` runs queries, `write` also creates and replaces tables and views. */
  readonly queries?: 'read' | 'write';
  /** The job recomputes the deployment's `recomputeWindowDays` (set in its environment). */
  readonly recomputes?: boolean;
  /** sns:Publish on the alert topic. */
  readonly publishesAlerts?: boolean;
  /** secretsmanager:GetSecretValue on the vendor admin-key secrets. */
  readonly readsVendorSecrets?: boolean;
}

/** The vendor reports land-billing pulls (lambdas/jobs/land-billing/billing-api-source.ts). */
const VENDOR_REPORT_PREFIXES = [
  'incoming/billing/openai-costs/',
  'incoming/billing/anthropic-costs/',
  'incoming/usage/openai-usage/',
  'incoming/usage/anthropic-usage/',
];

export const LAND: JobSpec = {
  name: 'land',
  handler: 'lambdas/handlers/land.ts',
  description: 'land: validate incoming events, outcomes, billing and usage files into raw/ and quarantine/',
  schedule: 'landSchedule',
  timeout: Duration.minutes(15),
  // 1,769 MB is one full vCPU: landing is JSON parsing and validation, CPU-bound.
  memoryMb: 1769,
  retryAttempts: 2,
  lake: {
    read: ['incoming/events/', 'incoming/outcomes/', 'incoming/billing/', 'incoming/usage/'],
    write: ['raw/', 'quarantine/', 'state/land/', 'state/runs/land/'],
    delete: [],
  },
};

export const LAND_BILLING: JobSpec = {
  name: 'land-billing',
  handler: 'lambdas/handlers/land-billing.ts',
  description: 'land-billing: pull OpenAI and Anthropic cost and usage reports into incoming/',
  schedule: 'landBillingSchedule',
  timeout: Duration.minutes(5),
  memoryMb: 512,
  retryAttempts: 2,
  lake: {
    // It re-reads a page to skip identical rewrites, and deletes pages a re-pull no longer has.
    read: VENDOR_REPORT_PREFIXES,
    write: [...VENDOR_REPORT_PREFIXES, 'state/land-billing/', 'state/runs/land-billing/'],
    delete: VENDOR_REPORT_PREFIXES,
  },
  readsVendorSecrets: true,
};

/** Iceberg tables: Athena reads and commits them under `warehouse/<table>/` (sql/ddl/athena/<table>.sql). */
const warehouse = (...tables: string[]) => tables.map((table) => `warehouse/${table}/`);

/*
 * The Athena jobs below. Besides what the job reads and writes itself through the object
 * store, Athena reads and writes S3 with the caller's permissions: it reads the location of
 * every table behind the statements the job runs (raw/ partitions, config/pricing/ for the
 * prices view, Iceberg data and metadata), writes the Iceberg tables the job commits to,
 * and writes every query's result to athena-results/, which GetQueryResults reads back.
 * tests/infra/job-grants.test.ts derives those locations from sql/ and fails when a grant
 * is missing.
 */

export const COMPUTE: JobSpec = {
  name: 'compute',
  handler: 'lambdas/handlers/compute.ts',
  description: 'compute: merge new raw partitions, recompute the window, publish results, write the report',
  schedule: 'computeSchedule',
  // Lambda's maximum: the run waits on a few dozen Athena queries, then renders the report.
  timeout: Duration.minutes(15),
  memoryMb: 1024,
  // A retry recomputes the whole window: one is enough to ride out a transient Athena error.
  retryAttempts: 1,
  lake: {
    read: [
      // settings.json and the price book (the job validates it; the prices view reads it).
      'config/',
      // Which land runs are new (their run records list the partitions they wrote).
      'state/runs/land/',
      'state/compute/',
      'raw/events/',
      'raw/outcomes/',
      ...warehouse(
        'requests',
        'outcomes',
        'unit_first_requests',
        'unit_type_settings',
        'unit_costs',
        'unit_economics_daily',
        'result_days',
      ),
      // The report reads the reconciliation, data-completeness and alert views too.
      ...warehouse('reconciliation', 'reconciliation_periods'),
      'raw/usage_records/',
      'state/alerts/history/',
      ATHENA_RESULTS_PREFIX,
    ],
    write: [
      'state/compute/',
      'state/runs/compute/',
      'reports/',
      ...warehouse(
        'requests',
        'outcomes',
        'unit_first_requests',
        'unit_type_settings',
        'unit_costs',
        'unit_economics_daily',
        'result_days',
      ),
      ATHENA_RESULTS_PREFIX,
    ],
    // Iceberg deletes and replacements are new files (delete files, snapshots); nothing is removed.
    delete: [],
  },
  queries: 'write',
  recomputes: true,
};

export const RECONCILE: JobSpec = {
  name: 'reconcile',
  handler: 'lambdas/handlers/reconcile.ts',
  description:
    'reconcile: compare estimates with billing evidence per billing period and publish the variance',
  schedule: 'reconcileSchedule',
  timeout: Duration.minutes(10),
  memoryMb: 512,
  retryAttempts: 1,
  lake: {
    read: [
      'config/',
      'raw/billing_lines/',
      'raw/usage_records/',
      // The AWS CUR, read in place where AWS delivers it (sql/ddl/athena/raw_cur*.sql).
      'incoming/billing/cur/legacy/',
      'incoming/billing/cur/cur2/',
      // compute's curated requests (and outcomes, behind v_data_completeness), read only.
      ...warehouse('requests', 'outcomes'),
      ...warehouse(
        'reconciliation',
        'reconciliation_periods',
        'reconciliation_thresholds',
        'reconciliation_billing_names',
      ),
      ATHENA_RESULTS_PREFIX,
    ],
    write: [
      'state/runs/reconcile/',
      ...warehouse(
        'reconciliation',
        'reconciliation_periods',
        'reconciliation_thresholds',
        'reconciliation_billing_names',
      ),
      ATHENA_RESULTS_PREFIX,
    ],
    delete: [],
  },
  queries: 'write',
};

export const ALERT: JobSpec = {
  name: 'alert',
  handler: 'lambdas/handlers/alert.ts',
  description: 'alert: evaluate the alert rules on fresh results and publish new or changed alerts',
  schedule: 'alertSchedule',
  // Well inside the alert job's 15-minute claim lease, so a timed-out run's claims expire after it.
  timeout: Duration.minutes(5),
  memoryMb: 512,
  // A digest SNS did not accept leaves its claims released: a retry sends it.
  retryAttempts: 2,
  lake: {
    read: [
      'config/',
      // Stale data, quarantine rate, and whether the last compute run may be trusted.
      'state/runs/land/',
      'state/runs/compute/',
      'state/alerts/',
      // The published results the rule checks read (sql/checks/alert_*.sql).
      ...warehouse('requests', 'unit_costs', 'unit_economics_daily', 'result_days'),
      // The reconciliation-variance and completeness-gap rules read v_reconciliation and
      // v_data_completeness (lambdas/domain/alerts/rules.ts); they skip until their checks exist.
      ...warehouse('reconciliation', 'reconciliation_periods', 'outcomes'),
      'raw/usage_records/',
      ATHENA_RESULTS_PREFIX,
    ],
    write: ['state/alerts/', 'state/runs/alert/', ATHENA_RESULTS_PREFIX],
    // Claims of a digest that failed to publish are released (lambdas/jobs/alert/alert-state.ts).
    delete: ['state/alerts/keys/'],
  },
  // Reads only: on Athena the job creates no table or view; it rewrites the history file v_alerts reads.
  queries: 'read',
  publishesAlerts: true,
};

/** The jobs the stack deploys, each with its Lambda, schedule and grants. Adding a job is one line here. */
export const JOBS: readonly JobSpec[] = [LAND, LAND_BILLING, COMPUTE, RECONCILE, ALERT];
