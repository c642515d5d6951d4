import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { StorageError } from '../../domain/errors.ts';
import type { SecretStore } from '../../ports/secrets.ts';

export interface SecretsManagerSecretStoreProps {
  readonly client: SecretsManagerClient;
  /**
   * Secrets Manager id (name or ARN) per logical secret name, e.g.
   * `{ OPENAI_ADMIN_KEY: 'ai-unit-economics/openai-admin-key' }`.
   * @default - the logical name is the secret id
   */
  readonly secretIds?: Readonly<Record<string, string>>;
}

/** Errors that say Secrets Manager is busy or unreachable, not that the request is wrong. */
const RETRYABLE_NAMES = new Set(['InternalServiceError', 'ThrottlingException', 'TimeoutError']);

/**
 * Secrets from AWS Secrets Manager, read once per cold start: the store is built at
 * module scope of a handler, so each secret costs one GetSecretValue per container.
 * A secret that does not exist is "not configured" (undefined), not an error.
 */
export class SecretsManagerSecretStore implements SecretStore {
  private readonly client: SecretsManagerClient;
  private readonly secretIds: Readonly<Record<string, string>>;
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(props: SecretsManagerSecretStoreProps) {
    this.client = props.client;
    this.secretIds = props.secretIds ?? {};
  }

  get(name: string): Promise<string | undefined> {
    let value = this.cache.get(name);
    if (!value) {
      value = this.read(name);
      // A failed read is not cached, so the next call tries again.
      value.catch(() => this.cache.delete(name));
      this.cache.set(name, value);
    }
    return value;
  }

  private async read(name: string): Promise<string | undefined> {
    const secretId = this.secretIds[name] ?? name;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      const text = out.SecretString ?? (out.SecretBinary && new TextDecoder().decode(out.SecretBinary));
      return text?.trim() || undefined;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw new StorageError(
        `could not read secret "${secretId}" from Secrets Manager: ${(error as Error).name}`,
        {
          cause: error,
          retryable: RETRYABLE_NAMES.has((error as Error).name),
        },
      );
    }
  }
}
