import { describe, expect, it } from 'vitest';
import { ENV, parseHandlerEnv } from '../../../lambdas/config/handler-env.ts';
import { ConfigError } from '../../../lambdas/domain/errors.ts';

describe('Config: parseHandlerEnv', () => {
  it('returns the values under their names and finds sql/ under the Lambda task root', () => {
    // Act
    const env = parseHandlerEnv(
      { [ENV.BUCKET]: 'lake', [ENV.RECOMPUTE_WINDOW_DAYS]: '20', LAMBDA_TASK_ROOT: '/var/task' },
      ['bucket', 'recomputeWindowDays'],
    );

    // Assess
    expect(env).toMatchObject({ bucket: 'lake', recomputeWindowDays: 20, sqlDir: '/var/task/sql' });
  });

  it('throws a ConfigError naming every missing variable the handler needs', () => {
    expect(() => parseHandlerEnv({ [ENV.BUCKET]: 'lake' }, ['bucket', 'database', 'workGroup'])).toThrow(
      ConfigError,
    );
    expect(() => parseHandlerEnv({ [ENV.BUCKET]: 'lake' }, ['bucket', 'database', 'workGroup'])).toThrow(
      'environment variable AIUE_DATABASE, AIUE_WORKGROUP is not set',
    );
  });

  it('throws a ConfigError naming the variable and its value when a value is malformed', () => {
    expect(() => parseHandlerEnv({ [ENV.RECOMPUTE_WINDOW_DAYS]: 'many' }, [])).toThrow(
      /environment variable AIUE_RECOMPUTE_WINDOW_DAYS is invalid .*received "many"/,
    );
  });
});
