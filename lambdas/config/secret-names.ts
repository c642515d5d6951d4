/**
 * Logical names of the secrets the jobs read. Locally each is an environment variable of
 * the same name; in AWS the stack maps each to a Secrets Manager secret id.
 */
export const OPENAI_ADMIN_KEY = 'OPENAI_ADMIN_KEY';
export const ANTHROPIC_ADMIN_KEY = 'ANTHROPIC_ADMIN_KEY';

export const SECRET_NAMES = [OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
