import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import { SecretsManagerSecretStore } from '../adapters/secrets-manager/secrets-manager-secret-store.ts';
import { parseHandlerEnv } from '../config/handler-env.ts';
import { ANTHROPIC_ADMIN_KEY, OPENAI_ADMIN_KEY } from '../config/secret-names.ts';
import { runLandBilling } from '../jobs/land-billing.ts';
import { systemClock } from '../ports/clock.ts';
import { scheduledJobHandler } from './scheduled-job.ts';

// Composed once per cold start: each secret is read once per container.
const env = parseHandlerEnv(process.env, ['bucket', 'openAiAdminKeySecret', 'anthropicAdminKeySecret']);
const deps = {
  store: new S3ObjectStore({ client: new S3Client({}), bucket: env.bucket }),
  secrets: new SecretsManagerSecretStore({
    client: new SecretsManagerClient({}),
    secretIds: {
      [OPENAI_ADMIN_KEY]: env.openAiAdminKeySecret,
      [ANTHROPIC_ADMIN_KEY]: env.anthropicAdminKeySecret,
    },
  }),
  fetch: globalThis.fetch,
  clock: systemClock,
};

const DAY_MS = 86_400_000;

/**
 * The daily `land-billing` job: by default the UTC day before the scheduled time (so a
 * retry pulls the same day); `{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}` re-pulls a range.
 */
export const handler = scheduledJobHandler({
  job: 'land-billing',
  run: ({ scheduledTime, from, to }) => {
    const today = new Date(scheduledTime ?? systemClock.now()).toISOString().slice(0, 10);
    const yesterday = new Date(Date.parse(today) - DAY_MS).toISOString().slice(0, 10);
    return runLandBilling(deps, { from: from ?? yesterday, to: to ?? today });
  },
  logFields: (record) => ({
    runId: record.run_id,
    from: record.from,
    to: record.to,
    sources: record.sources,
  }),
  metrics: ({ sources }) => ({
    SourcesLanded: sources.filter((source) => source.status === 'landed').length,
    SourcesFailed: sources.filter((source) => source.status === 'failed').length,
    PagesWritten: sources.reduce((total, source) => total + source.pages_written, 0),
  }),
});
