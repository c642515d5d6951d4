import { LocalBillingConfigCheck } from '../../lambdas/adapters/local/local-billing-config.ts';
import { LocalLakeRetention } from '../../lambdas/adapters/local/local-lake-retention.ts';
import { formatDoctorItems } from '../../lambdas/domain/doctor.ts';
import { formatJoinValidation, joinValidationStatus } from '../../lambdas/domain/join-validation.ts';
import { formatReconciliationTable } from '../../lambdas/domain/reconciliation.ts';
import { runDoctor } from '../../lambdas/jobs/doctor.ts';
import { runJoinValidation } from '../../lambdas/jobs/join-validation.ts';
import { loadSettings } from '../../lambdas/jobs/load-config.ts';
import { type ReconcileRunRecord, readReconciliation, runReconcile } from '../../lambdas/jobs/reconcile.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';

export async function reconcileCommand(
  lake: LocalLake,
  options: { period?: string },
): Promise<ReconcileRunRecord> {
  const { engine, warehouse } = await lake.sql();
  const record = await runReconcile(
    { store: lake.store, engine, warehouse, clock: lake.clock },
    { asOf: lake.asOf, ...options },
  );
  const statuses = Object.entries(record.statuses).map(([status, rows]) => `${rows} ${status}`);
  reporter.line(
    `reconcile ${record.run_id}: ${record.status}, periods ${record.periods.join(', ')}: ${statuses.join(', ')}`,
  );
  if (record.error) {
    reporter.problem(`reconcile failed: ${record.error.message}`);
    return record;
  }
  const [from, to] = [record.periods[0], record.periods[record.periods.length - 1]];
  if (from && to) {
    for (const line of formatReconciliationTable(
      await readReconciliation({ engine, warehouse }, { from, to }),
    )) {
      reporter.line(line);
    }
  }
  return record;
}

/** `doctor`: the billing contract, the lake's retention and the joins, as pass / warn / fail. A fail exits 1. */
export async function doctorCommand(lake: LocalLake): Promise<boolean> {
  const { engine, warehouse } = await lake.sql();
  const report = await runDoctor(
    {
      store: lake.store,
      engine,
      warehouse,
      clock: lake.clock,
      billingConfig: new LocalBillingConfigCheck(lake.store),
      lakeRetention: new LocalLakeRetention(),
    },
    { asOf: lake.asOf },
  );
  reporter.line(
    `doctor: ${report.status} (as of ${report.as_of}, window ${report.window.from} to ${report.window.to})`,
  );
  for (const line of formatDoctorItems(report.items)) reporter.line(line);
  const validation = await runJoinValidation({ engine, warehouse }, await loadSettings(lake.store), {
    asOf: lake.asOf,
  });
  reporter.line();
  reporter.line(`join validation: ${joinValidationStatus(validation)}`);
  reporter.line(formatJoinValidation(validation));
  return report.status !== 'fail';
}
