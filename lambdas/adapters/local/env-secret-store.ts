import type { SecretStore } from '../../ports/secrets.ts';

/**
 * Secrets from environment variables: the CLI passes `process.env` in, so nothing else
 * reads it. An unset or blank variable means "not configured"; surrounding whitespace
 * (a trailing newline from `$(cat key.txt)`) is dropped because it would break the key.
 */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  async get(name: string): Promise<string | undefined> {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }
}
