import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { duckDbWarehouse } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RuleRow } from '../../lambdas/domain/alerts/candidates.ts';
import { ruleRowSchema } from '../../lambdas/domain/alerts/candidates.ts';
import type { AlertRule } from '../../lambdas/domain/alerts/rules.ts';
import type { SqlParam } from '../../lambdas/ports/query-engine.ts';
import { loadSqlCatalog } from '../../lambdas/sql/sql-catalog.ts';
import { SqlRunner } from '../../lambdas/sql/sql-runner.ts';
import {
  type CostEventInput,
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  writePricing,
} from './pipeline-lake.ts';

/**
 * Lakes for the alert rules: every request is to model `m`, priced 1.00 USD per
 * 1,000,000 input tokens, so a request of N input tokens costs N / 1,000,000 USD and
 * each expected figure can be worked out by hand. Weeks used: 2026-W18 (Apr 27 - May 3),
 * 2026-W19 (May 4 - 10), 2026-W20 (May 11 - 17); compute runs as of 2026-05-19.
 */
export const ALERT_PRICES = ['openai,m,standard,input,1000000,1.00,USD,2025-01-01,,list,'];
export const COMPUTE_AS_OF = '2026-05-19T12:00:00Z';

/** A request of `dollars` USD (as input tokens of `m`), for a unit or (null) unallocated. */
export function spend(
  id: string,
  at: string,
  dollars: number,
  unitId: string | null,
  extra: Record<string, unknown> = {},
): CostEventInput {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    model_or_deployment: 'm',
    usage: { input_tokens: Math.round(dollars * 1_000_000), output_tokens: 0 },
    ...(unitId ? { business_unit: { unit_type: 'support_case', unit_id: unitId } } : {}),
    ...extra,
  });
}

/** The final outcome of a unit of `application` (workflow `answer`). */
export function outcome(application: string, unitId: string, value: string, at: string) {
  return outcomeEvent({ unit_id: unitId, outcome: value, outcome_at: at, application, workflow: 'answer' });
}

export interface AlertLake {
  readonly lake: PipelineLake;
  readonly engine: DuckDbQueryEngine;
  /** Runs a rule's check with the given params and decodes its rows as the alert job does. */
  check(rule: AlertRule, params: Readonly<Record<string, SqlParam>>): Promise<RuleRow[]>;
  close(): Promise<void>;
}

export async function computedAlertLake(
  events: readonly CostEventInput[],
  outcomes: readonly Record<string, unknown>[] = [],
  prices: readonly string[] = ALERT_PRICES,
): Promise<AlertLake> {
  const lake = await createPipelineLake();
  await writePricing(lake, prices);
  await landCostEvents(lake, events, { runId: 'land-events', receivedAt: '2026-05-18T00:00:00.000Z' });
  if (outcomes.length > 0) {
    await landOutcomes(lake, outcomes, { runId: 'land-outcomes', receivedAt: '2026-05-18T00:00:00.000Z' });
  }
  const { engine, record } = await computeLake(lake, { asOf: new Date(COMPUTE_AS_OF) });
  if (record.status !== 'succeeded') throw new Error(`compute failed: ${JSON.stringify(record.error)}`);
  const runner = new SqlRunner(engine, await loadSqlCatalog(), duckDbWarehouse(lake.root));
  return {
    lake,
    engine,
    check: (rule, params) => {
      if (rule.input.from !== 'sql') throw new Error(`${rule.id} has no SQL check`);
      return runner.query(rule.input.check, params, ruleRowSchema(rule));
    },
    close: async () => {
      await engine.close();
      await lake.remove();
    },
  };
}
