import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, InvalidInputError } from '../../../lambdas/domain/errors.ts';
import { scheduledJobHandler } from '../../../lambdas/handlers/scheduled-job.ts';

describe('Handler: scheduledJobHandler', () => {
  beforeEach(() => {
    // What the stack sets on every job; without them Powertools warns on each handler it builds.
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'ai-unit-economics');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'AiUnitEconomics');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  const handlerReturning = (status: string, seen: unknown[] = []) =>
    scheduledJobHandler({
      job: 'compute',
      run: async (trigger) => {
        seen.push(trigger);
        return { status };
      },
      logFields: (summary) => ({ status: summary.status }),
      metrics: () => ({ Things: 1 }),
    });

  it('passes the parsed trigger to the job and returns its summary when it succeeds', async () => {
    // Prepare
    const seen: unknown[] = [];
    const handler = handlerReturning('succeeded', seen);

    // Act
    const summary = await handler({ job: 'compute', scheduledTime: '2026-05-13T04:30:00Z', extra: 'kept' });

    // Assess
    expect(summary).toEqual({ status: 'succeeded' });
    expect(seen).toEqual([{ job: 'compute', scheduledTime: '2026-05-13T04:30:00Z', extra: 'kept' }]);
  });

  it.each([[{}], [null], [undefined]])('runs on a manual invoke with the payload %j', async (payload) => {
    await expect(handlerReturning('succeeded')(payload)).resolves.toEqual({ status: 'succeeded' });
  });

  it('throws a retryable AppError when the job finishes partial, so Lambda retries it', async () => {
    const run = handlerReturning('partial')({});
    await expect(run).rejects.toThrow(AppError);
    await expect(run).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/compute finished with status "partial"/),
    });
  });

  it('throws an InvalidInputError when a field the jobs use is malformed', async () => {
    // Act / Assess: a date that is not YYYY-MM-DD would reach the job as a range.
    await expect(handlerReturning('succeeded')({ from: '13/05/2026' })).rejects.toThrow(InvalidInputError);
  });
});
