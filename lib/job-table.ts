import { Duration } from 'aws-cdk-lib';
import type { DeploymentConfig } from '../lambdas/config/deployment-config.ts';

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

/** The jobs the stack deploys, each with its Lambda, schedule and grants. Adding a job is one line here. */
export const JOBS: readonly JobSpec[] = [LAND, LAND_BILLING];

/*
 * TO WIRE NEXT — each needs its handler file first (lambdas/handlers/<job>.ts, like
 * land.ts); then add its constant to JOBS. The prefixes are the design's (DESIGN §5) and
 * must be checked against the job's code when it lands: grant what it uses, no more.
 */
export const COMPUTE: JobSpec = {
  name: 'compute',
  handler: 'lambdas/handlers/compute.ts',
  description: 'compute: run the SQL pipeline over the recompute window and refresh the views',
  schedule: 'computeSchedule',
  timeout: Duration.minutes(15),
  memoryMb: 1024,
  retryAttempts: 1,
  lake: {
    read: ['raw/', 'config/', 'state/', 'curated/', 'results/', 'athena-results/'],
    write: ['curated/', 'results/', 'reports/', 'state/compute/', 'state/runs/compute/', 'athena-results/'],
    delete: ['curated/', 'results/'],
  },
  queries: 'write',
};

export const RECONCILE: JobSpec = {
  name: 'reconcile',
  handler: 'lambdas/handlers/reconcile.ts',
  description: 'reconcile: compare estimates with billing evidence per billing period',
  schedule: 'reconcileSchedule',
  timeout: Duration.minutes(10),
  memoryMb: 512,
  retryAttempts: 1,
  lake: {
    read: ['raw/', 'config/', 'curated/', 'results/', 'athena-results/'],
    write: ['results/', 'state/runs/reconcile/', 'athena-results/'],
    delete: ['results/'],
  },
  queries: 'write',
};

export const ALERT: JobSpec = {
  name: 'alert',
  handler: 'lambdas/handlers/alert.ts',
  description: 'alert: evaluate the alert rules on fresh results and publish new or changed alerts',
  schedule: 'alertSchedule',
  timeout: Duration.minutes(5),
  memoryMb: 512,
  retryAttempts: 1,
  lake: {
    read: ['config/', 'curated/', 'results/', 'state/alerts/', 'state/runs/', 'athena-results/'],
    write: ['state/alerts/', 'state/runs/alert/', 'athena-results/'],
    delete: [],
  },
  queries: 'read',
  publishesAlerts: true,
};
