import { z } from 'zod';
import { ConfigError } from '../domain/errors.ts';
import { retentionNeeds } from '../domain/retention.ts';
import { SettingsSchema } from '../domain/settings.ts';

/**
 * The deployment's settings: `cdk.json` context, overridable with `cdk deploy -c key=value`
 * (DESIGN §11). `-c` values always arrive as strings, `cdk.json` values may be JSON
 * numbers or booleans: every field accepts both. Every key has a default, so a bare
 * `npx cdk deploy` works; a bad value stops synth with a message naming the key.
 */

/** EventBridge Scheduler expressions: `rate(1 hour)`, `cron(5 * * * ? *)` (six fields, UTC). */
const ScheduleExpression = z
  .string()
  .trim()
  .regex(
    /^(rate\(\s*[1-9]\d*\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/,
    'expected an EventBridge Scheduler expression such as "rate(1 hour)" or "cron(5 * * * ? *)" (six fields, UTC)',
  );

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` });

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const Flag = z.union(
  [z.boolean(), z.enum(['true', 'false']).transform((value: string) => value === 'true')],
  { error: 'expected true or false' },
);

/** Secrets Manager names: letters, digits and /_+=.@- (the secret is referenced, never created). */
const SecretName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'expected a Secrets Manager secret name (letters, digits, /_+=.@-)');

/** Comma-separated in `-c alertEmails=a@x.com,b@y.com`; a JSON list is accepted in `cdk.json`. */
const EmailList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(','))
      .map((email) => email.trim())
      .filter((email) => email !== ''),
  )
  .pipe(z.array(z.email({ error: (issue) => `"${issue.input}" is not an e-mail address` })));

export const DeploymentConfigSchema = z
  .object({
    /** Who receives alert and failure e-mails; each must confirm the SNS subscription. */
    alertEmails: EmailList.default([]),
    landSchedule: ScheduleExpression.default('cron(5 * * * ? *)'),
    landBillingSchedule: ScheduleExpression.default('cron(30 3 * * ? *)'),
    computeSchedule: ScheduleExpression.default('cron(30 4 * * ? *)'),
    reconcileSchedule: ScheduleExpression.default('cron(0 5 * * ? *)'),
    alertSchedule: ScheduleExpression.default('cron(30 5 * * ? *)'),
    /** Days `raw/` and `quarantine/` objects are kept before S3 expires them. */
    retentionDays: whole(1, 3650).default(731),
    /** Days the job Lambdas' logs are kept (a CloudWatch Logs retention period). */
    logRetentionDays: z.coerce
      .number({ error: 'expected a whole number' })
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `expected one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(90),
    /** Athena cancels any query that would scan more (megabytes of 1,000,000 bytes; Athena's minimum is 10). */
    bytesScannedCutoffMb: whole(10, 1_000_000_000).default(10_000),
    /** Days `compute` recomputes on each run, for late requests and late outcomes. */
    recomputeWindowDays: whole(1, 400).default(35),
    /** Create an AWS Data Exports FOCUS 1.0 export into the bucket (us-east-1 stacks only). */
    createBillingExport: Flag.default(false),
    openAiAdminKeySecretName: SecretName.default('ai-unit-economics/openai-admin-key'),
    anthropicAdminKeySecretName: SecretName.default('ai-unit-economics/anthropic-admin-key'),
  })
  .check((ctx) => {
    if (ctx.value.retentionDays <= ctx.value.recomputeWindowDays) {
      ctx.issues.push({
        code: 'custom',
        path: ['retentionDays'],
        input: ctx.value.retentionDays,
        message: `must be more than recomputeWindowDays (${ctx.value.recomputeWindowDays}), or compute would lose raw data it still recomputes`,
      });
      return;
    }
    // The stack expires raw/ and quarantine/ after retentionDays: no job may read either back
    // for longer. Judged with the default settings.json, as `doctor` later judges the bucket
    // with the settings in use.
    // (Checks run even when a field failed; that field's own message then says what is wrong.)
    const settings = SettingsSchema.safeParse({ recompute_window_days: ctx.value.recomputeWindowDays });
    if (!settings.success) return;
    for (const need of retentionNeeds(settings.data)) {
      const expired = need.prefix.startsWith('raw/') || need.prefix === 'quarantine/';
      if (!expired || need.shortfall !== 'fail' || need.days === null || need.days <= ctx.value.retentionDays)
        continue;
      ctx.issues.push({
        code: 'custom',
        path: ['retentionDays'],
        input: ctx.value.retentionDays,
        message: `must be at least ${need.days}: ${need.reader} reads ${need.prefix} back for ${need.days} days with the default settings`,
      });
      return;
    }
  });

export type DeploymentConfig = z.output<typeof DeploymentConfigSchema>;
export type DeploymentContext = z.input<typeof DeploymentConfigSchema>;

/** The context keys the app reads: exactly the schema's fields. */
export const DEPLOYMENT_CONTEXT_KEYS = Object.keys(
  DeploymentConfigSchema.shape,
) as (keyof DeploymentConfig)[];

/** Parses raw context values; throws a ConfigError naming every bad key and its value. */
export function parseDeploymentConfig(context: Readonly<Record<string, unknown>>): DeploymentConfig {
  const result = DeploymentConfigSchema.safeParse(context);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `  - ${key}: ${issue.message} (received ${JSON.stringify(context[key])})`;
  });
  throw new ConfigError(
    `invalid deployment configuration (cdk.json "context" or -c key=value):\n${lines.join('\n')}`,
  );
}
