import { OutboxNotifier } from '../../lambdas/adapters/local/outbox-notifier.ts';
import { type AlertRunRecord, runAlert } from '../../lambdas/jobs/alert.ts';
import type { LocalLake } from '../local-lake.ts';
import { reporter } from '../reporter.ts';

export async function alertCommand(lake: LocalLake, options: { dryRun: boolean }): Promise<AlertRunRecord> {
  const { engine, warehouse } = await lake.sql();
  const record = await runAlert(
    { store: lake.store, engine, warehouse, clock: lake.clock, notifier: new OutboxNotifier(lake.store) },
    { asOf: lake.asOf, dryRun: options.dryRun },
  );
  if (record.figures.status === 'held_back') {
    reporter.problem(
      `alert: figure-based rules held back: ${record.figures.reason ?? 'the last pipeline run did not succeed'}`,
    );
  }
  const sent = record.changes.filter((change) => change.notified).length;
  if (record.lines.length === 0) reporter.line(`alert ${record.run_id}: nothing new`);
  else {
    reporter.line(
      options.dryRun
        ? `alert (dry run): would send ${record.lines.length} alert(s) in ${record.messages.length} message(s):`
        : `alert ${record.run_id}: ${sent} alert(s) in ${record.messages.length} message(s) -> outbox/alerts/${record.run_id}.json`,
    );
    for (const line of record.lines) reporter.line(`  ${line}`);
  }
  if (record.status === 'failed')
    reporter.problem(`alert failed: ${record.error?.message ?? 'unknown error'}`);
  return record;
}
