import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LandBillingRunRecord } from '../../../lambdas/jobs/land-billing.ts';

describe('Handler: land-billing', () => {
  const s3 = mockClient(S3Client);
  const secrets = mockClient(SecretsManagerClient);
  const savedEnv = { ...process.env };
  let handler: (event: unknown) => Promise<LandBillingRunRecord>;

  beforeAll(async () => {
    Object.assign(process.env, {
      AIUE_BUCKET: 'lake',
      AIUE_OPENAI_ADMIN_KEY_SECRET: 'team/openai-admin',
      AIUE_ANTHROPIC_ADMIN_KEY_SECRET: 'team/anthropic-admin',
      AWS_REGION: 'us-east-1',
      POWERTOOLS_SERVICE_NAME: 'ai-unit-economics',
      POWERTOOLS_METRICS_NAMESPACE: 'AiUnitEconomics',
    });
    ({ handler } = await import('../../../lambdas/handlers/land-billing.ts'));
  });

  beforeEach(() => {
    s3.reset();
    secrets.reset();
    s3.on(PutObjectCommand).resolves({});
    // No secret created yet: every source is skipped as "no key", which is a success.
    secrets
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterAll(() => {
    vi.restoreAllMocks();
    process.env = savedEnv;
  });

  it('pulls the UTC day before the scheduled time and looks the keys up under the configured secret names', async () => {
    // Act: scheduled 00:30Z on the 13th → the 12th, to the 13th exclusive.
    const record = await handler({ job: 'land-billing', scheduledTime: '2026-05-13T00:30:00Z' });

    // Assess
    expect(record).toMatchObject({ status: 'succeeded', from: '2026-05-12', to: '2026-05-13' });
    expect(record.sources.map((source) => source.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    const secretIds = secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId);
    expect([...new Set(secretIds)].sort()).toEqual(['team/anthropic-admin', 'team/openai-admin']);
    const written = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(written).toEqual([`state/runs/land-billing/${record.run_id}.json`]);
  });

  it('re-pulls the range an operator names in the payload', async () => {
    const record = await handler({ from: '2026-04-01', to: '2026-04-03' });
    expect(record).toMatchObject({ from: '2026-04-01', to: '2026-04-03' });
  });
});
