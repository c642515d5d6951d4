import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretStore } from '../../../../lambdas/adapters/secrets-manager/secrets-manager-secret-store.ts';
import { StorageError } from '../../../../lambdas/domain/errors.ts';

describe('Adapter: SecretsManagerSecretStore', () => {
  const sm = mockClient(SecretsManagerClient);
  const client = new SecretsManagerClient({ region: 'us-east-1' });

  beforeEach(() => sm.reset());

  it('reads the secret under its mapped id once when asked for it twice', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'aiue/openai-admin-key' }).resolves({
      SecretString: 'sk-admin-1',
    });
    const secrets = new SecretsManagerSecretStore({
      client,
      secretIds: { OPENAI_ADMIN_KEY: 'aiue/openai-admin-key' },
    });

    // Act
    const first = await secrets.get('OPENAI_ADMIN_KEY');
    const second = await secrets.get('OPENAI_ADMIN_KEY');

    // Assess: one call per cold start, with the mapped id.
    expect([first, second]).toEqual(['sk-admin-1', 'sk-admin-1']);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'aiue/openai-admin-key',
    });
  });

  it('uses the logical name as the id when no id is mapped, and decodes a binary secret', async () => {
    // Prepare: "sk-ant" as UTF-8 bytes.
    sm.on(GetSecretValueCommand, { SecretId: 'ANTHROPIC_ADMIN_KEY' }).resolves({
      SecretBinary: new TextEncoder().encode('sk-ant\n'),
    });
    const secrets = new SecretsManagerSecretStore({ client });

    // Act / Assess
    expect(await secrets.get('ANTHROPIC_ADMIN_KEY')).toBe('sk-ant');
  });

  it('returns undefined, and remembers it, when the secret does not exist', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({ message: 'Secrets Manager cannot find the secret', $metadata: {} }),
    );
    const secrets = new SecretsManagerSecretStore({ client });

    // Act
    const first = await secrets.get('OPENAI_ADMIN_KEY');
    const second = await secrets.get('OPENAI_ADMIN_KEY');

    // Assess
    expect([first, second]).toEqual([undefined, undefined]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('throws a retryable StorageError naming the secret, and asks again next time, when the service fails', async () => {
    // Prepare: the first call fails, the second succeeds.
    sm.on(GetSecretValueCommand)
      .rejectsOnce(new InternalServiceError({ message: 'boom', $metadata: {} }))
      .resolves({ SecretString: 'sk-admin-1' });
    const secrets = new SecretsManagerSecretStore({ client });

    // Act
    const failure = await secrets.get('OPENAI_ADMIN_KEY').catch((error: unknown) => error);
    const retried = await secrets.get('OPENAI_ADMIN_KEY');

    // Assess
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).retryable).toBe(true);
    expect((failure as StorageError).message).toContain('"OPENAI_ADMIN_KEY"');
    expect(retried).toBe('sk-admin-1');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
