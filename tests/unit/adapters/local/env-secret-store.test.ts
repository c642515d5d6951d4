import { describe, expect, it } from 'vitest';
import { EnvSecretStore } from '../../../../lambdas/adapters/local/env-secret-store.ts';

describe('Adapter: EnvSecretStore', () => {
  it('returns the variable of that name when it is set', async () => {
    // Prepare
    const secrets = new EnvSecretStore({ OPENAI_ADMIN_KEY: 'sk-admin-1', OTHER: 'x' });

    // Act / Assess
    expect(await secrets.get('OPENAI_ADMIN_KEY')).toBe('sk-admin-1');
  });

  it('drops surrounding whitespace when the value ends in a newline', async () => {
    // Prepare: as `export KEY="$(cat key.txt)"` with a trailing newline in the file would set it.
    const secrets = new EnvSecretStore({ ANTHROPIC_ADMIN_KEY: ' sk-ant-admin-2\n' });

    // Act / Assess
    expect(await secrets.get('ANTHROPIC_ADMIN_KEY')).toBe('sk-ant-admin-2');
  });

  it('returns undefined when the variable is missing, empty or blank', async () => {
    // Prepare
    const secrets = new EnvSecretStore({ EMPTY: '', BLANK: '  \n' });

    // Act / Assess
    expect(await secrets.get('MISSING')).toBeUndefined();
    expect(await secrets.get('EMPTY')).toBeUndefined();
    expect(await secrets.get('BLANK')).toBeUndefined();
  });
});
