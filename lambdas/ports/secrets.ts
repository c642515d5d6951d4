/**
 * Secrets such as vendor admin API keys: Secrets Manager in AWS, environment variables
 * locally. Names are the logical constants of `lambdas/config/secret-names.ts`.
 */
export interface SecretStore {
  /** The secret's value, or undefined when none is configured under that name. */
  get(name: string): Promise<string | undefined>;
}
