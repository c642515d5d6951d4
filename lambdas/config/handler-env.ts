import { z } from 'zod';
import { ConfigError } from '../domain/errors.ts';

/**
 * Names of the environment variables the stack (`lib/`) sets on the job Lambdas and the
 * handlers read. One constant per name, so a rename cannot leave the two sides apart.
 */
export const ENV = {
  BUCKET: 'AIUE_BUCKET',
  DATABASE: 'AIUE_DATABASE',
  WORKGROUP: 'AIUE_WORKGROUP',
  ALERT_TOPIC_ARN: 'AIUE_ALERT_TOPIC_ARN',
  RECOMPUTE_WINDOW_DAYS: 'AIUE_RECOMPUTE_WINDOW_DAYS',
  /** Secrets Manager name of the OpenAI admin key (logical secret `OPENAI_ADMIN_KEY`). */
  OPENAI_ADMIN_KEY_SECRET: 'AIUE_OPENAI_ADMIN_KEY_SECRET',
  /** Secrets Manager name of the Anthropic admin key (logical secret `ANTHROPIC_ADMIN_KEY`). */
  ANTHROPIC_ADMIN_KEY_SECRET: 'AIUE_ANTHROPIC_ADMIN_KEY_SECRET',
  /** Where the bundled `sql/` folder is; defaults to `$LAMBDA_TASK_ROOT/sql`. */
  SQL_DIR: 'AIUE_SQL_DIR',
} as const;

const Text = z.string().trim().min(1);

const HandlerEnvSchema = z
  .object({
    [ENV.BUCKET]: Text.optional(),
    [ENV.DATABASE]: Text.optional(),
    [ENV.WORKGROUP]: Text.optional(),
    [ENV.ALERT_TOPIC_ARN]: Text.optional(),
    [ENV.RECOMPUTE_WINDOW_DAYS]: z.coerce.number().int().min(1).max(400).optional(),
    [ENV.OPENAI_ADMIN_KEY_SECRET]: Text.optional(),
    [ENV.ANTHROPIC_ADMIN_KEY_SECRET]: Text.optional(),
    [ENV.SQL_DIR]: Text.optional(),
    // Set by the Lambda runtime itself: the folder the bundle was unpacked into.
    LAMBDA_TASK_ROOT: Text.optional(),
  })
  .transform((env) => ({
    bucket: env[ENV.BUCKET],
    database: env[ENV.DATABASE],
    workGroup: env[ENV.WORKGROUP],
    alertTopicArn: env[ENV.ALERT_TOPIC_ARN],
    recomputeWindowDays: env[ENV.RECOMPUTE_WINDOW_DAYS],
    openAiAdminKeySecret: env[ENV.OPENAI_ADMIN_KEY_SECRET],
    anthropicAdminKeySecret: env[ENV.ANTHROPIC_ADMIN_KEY_SECRET],
    sqlDir: env[ENV.SQL_DIR] ?? (env.LAMBDA_TASK_ROOT ? `${env.LAMBDA_TASK_ROOT}/sql` : undefined),
  }));

export type HandlerEnv = z.output<typeof HandlerEnvSchema>;

const VARIABLE_OF: Record<keyof HandlerEnv, string> = {
  bucket: ENV.BUCKET,
  database: ENV.DATABASE,
  workGroup: ENV.WORKGROUP,
  alertTopicArn: ENV.ALERT_TOPIC_ARN,
  recomputeWindowDays: ENV.RECOMPUTE_WINDOW_DAYS,
  openAiAdminKeySecret: ENV.OPENAI_ADMIN_KEY_SECRET,
  anthropicAdminKeySecret: ENV.ANTHROPIC_ADMIN_KEY_SECRET,
  sqlDir: ENV.SQL_DIR,
};

/**
 * Parses a handler's environment once (at cold start) and checks that the values this
 * handler needs are present. The only reader of `process.env` under `lambdas/`.
 */
export function parseHandlerEnv<Needed extends keyof HandlerEnv>(
  env: Readonly<Record<string, string | undefined>>,
  needed: readonly Needed[],
): HandlerEnv & { [K in Needed]-?: NonNullable<HandlerEnv[K]> } {
  const result = HandlerEnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? '');
    throw new ConfigError(
      `environment variable ${name} is invalid (${issue?.message}); received "${env[name]}". ` +
        'The stack sets it: redeploy, or fix it in the function configuration.',
    );
  }
  const missing = needed.filter((key) => result.data[key] === undefined).map((key) => VARIABLE_OF[key]);
  if (missing.length > 0) {
    throw new ConfigError(
      `environment variable ${missing.join(', ')} is not set; the stack sets it on each job Lambda: redeploy it`,
    );
  }
  return result.data as HandlerEnv & { [K in Needed]-?: NonNullable<HandlerEnv[K]> };
}
