import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { AppError, InvalidInputError } from '../domain/errors.ts';

/**
 * The input the stack's EventBridge Scheduler schedules send (lib/jobs.ts). Every field
 * is optional and unknown fields pass, so a manual `aws lambda invoke` with `{}` runs the
 * job too; `from`/`to` let an operator re-run a past range where a job takes one.
 */
export const ScheduledJobEventSchema = z.looseObject({
  job: z.string().optional(),
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
  executionId: z.string().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type ScheduledJobEvent = z.infer<typeof ScheduledJobEventSchema>;

export interface ScheduledJob<Summary extends { readonly status: string }> {
  readonly job: string;
  readonly run: (event: ScheduledJobEvent) => Promise<Summary>;
  /** What to log of the summary (the full run record is in the lake under state/runs/). */
  readonly logFields: (summary: Summary) => Record<string, unknown>;
  /** A few counts published as CloudWatch metrics (embedded metric format, no API calls). */
  readonly metrics: (summary: Summary) => Record<string, number>;
}

/**
 * Wraps a job as a Lambda handler: parse the trigger, run, log the summary, emit metrics,
 * return the summary. A run that does not succeed throws, so Lambda retries it and then
 * sends it to the failed-runs queue, whose alarm e-mails on-call.
 */
export function scheduledJobHandler<Summary extends { readonly status: string }>(
  spec: ScheduledJob<Summary>,
): (event: unknown) => Promise<Summary> {
  const logger = new Logger({ persistentKeys: { job: spec.job } });
  const metrics = new Metrics({ defaultDimensions: { job: spec.job } });

  return async (event) => {
    const trigger = parseTrigger(event, spec.job);
    logger.appendKeys({ scheduledTime: trigger.scheduledTime, executionId: trigger.executionId });
    try {
      const summary = await spec.run(trigger);
      for (const [name, value] of Object.entries(spec.metrics(summary))) {
        metrics.addMetric(name, MetricUnit.Count, value);
      }
      if (summary.status !== 'succeeded') {
        logger.error(`${spec.job} finished ${summary.status}`, spec.logFields(summary));
        throw new AppError(
          `${spec.job} finished with status "${summary.status}"; see its run record under state/runs/${spec.job}/`,
          {
            retryable: true,
          },
        );
      }
      logger.info(`${spec.job} succeeded`, spec.logFields(summary));
      return summary;
    } catch (error) {
      metrics.addMetric('RunsFailed', MetricUnit.Count, 1);
      logger.error(`${spec.job} failed`, error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

function parseTrigger(event: unknown, job: string): ScheduledJobEvent {
  const result = ScheduledJobEventSchema.safeParse(event ?? {});
  if (!result.success) {
    throw new InvalidInputError(
      `the ${job} trigger is not a valid schedule input: ${z.prettifyError(result.error)}`,
    );
  }
  if (result.data.job !== undefined && result.data.job !== job) {
    throw new InvalidInputError(
      `this function runs "${job}" but its trigger names "${result.data.job}": the schedule targets the wrong function`,
    );
  }
  return result.data;
}
