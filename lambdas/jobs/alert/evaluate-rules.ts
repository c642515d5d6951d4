import type { Alert, AlertCandidate } from '../../domain/alerts/alert.ts';
import { candidateFromRow, type RuleRow, ruleRowSchema } from '../../domain/alerts/candidates.ts';
import { type AlertSettings, loosestLimits } from '../../domain/alerts/limits.ts';
import { addDays, isoWeekDays, isoWeekOf, lastCompleteWeek } from '../../domain/alerts/periods.ts';
import {
  ALERT_RULES,
  type AlertRule,
  PIPELINE_FAILED,
  PRODUCTION_ENVIRONMENT,
  QUARANTINE_RATE,
  STALE_DATA,
} from '../../domain/alerts/rules.ts';
import { pipelineFailureRow, quarantineRateRows, staleDataRows } from '../../domain/alerts/run-health.ts';
import type { SqlParam } from '../../ports/query-engine.ts';
import type { SqlRunner } from '../../sql/sql-runner.ts';
import { landRunBefore, type PipelineRuns } from './pipeline-runs.ts';

/** What the run did with one rule. */
export interface RuleOutcome {
  readonly rule: string;
  readonly status: 'evaluated' | 'skipped' | 'failed';
  /** Why it was skipped or how it failed. */
  readonly reason?: string;
  /** Failing rows, before per-scope limits. */
  readonly rows: number;
  readonly candidates: number;
}

export interface Evaluation {
  readonly candidates: readonly AlertCandidate[];
  /** Rules whose inputs were read: only their open alerts may resolve. */
  readonly evaluatedRules: ReadonlySet<string>;
  readonly outcomes: readonly RuleOutcome[];
  /** Whether the figure-based rules ran, and on which compute run. */
  readonly figures: {
    readonly compute_run: string | null;
    readonly status: 'evaluated' | 'held_back';
    readonly reason?: string;
    readonly week?: string;
  };
}

export interface EvaluationContext {
  readonly runner: SqlRunner;
  readonly alerts: AlertSettings;
  readonly pipeline: PipelineRuns;
  /** The open alerts of the state: a stale source stays judged after it drops out of the look-back. */
  readonly openAlerts: readonly Alert[];
  readonly now: Date;
}

/**
 * Runs every rule whose inputs exist: the pipeline's own health always; the figure-based
 * rules only on the results of a committed, successful compute run whose landing
 * succeeded (otherwise they are held back and their open alerts left as they are); the
 * SQL rules whose check file is not in the catalog yet, or whose required view no job has
 * created yet, are skipped with the reason.
 */
export async function evaluateRules(context: EvaluationContext): Promise<Evaluation> {
  const { pipeline, alerts, now } = context;
  const candidates: AlertCandidate[] = [];
  const evaluated = new Set<string>();
  const outcomes: RuleOutcome[] = [];
  const judge = (rule: AlertRule, rows: readonly RuleRow[], defaultPeriod: string) => {
    const found = rows
      .map((row) => candidateFromRow(rule, row, alerts, defaultPeriod))
      .filter((candidate): candidate is AlertCandidate => candidate !== null);
    candidates.push(...found);
    evaluated.add(rule.id);
    outcomes.push({ rule: rule.id, status: 'evaluated', rows: rows.length, candidates: found.length });
  };

  // The pipeline's own health: a failed last run is one operational alert per job.
  const landRow = pipelineFailureRow('land', pipeline.landRuns);
  const computeRow = pipelineFailureRow('compute', pipeline.computeRuns);
  judge(
    PIPELINE_FAILED,
    [landRow, computeRow].filter((row): row is RuleRow => row !== null),
    '',
  );

  // Landing: stale sources and quarantine rates come from the land run records.
  const knownLandings = context.openAlerts
    .filter((alert) => alert.kind === STALE_DATA.id && alert.scope.source !== undefined)
    .map((alert) => ({
      source: alert.scope.source as string,
      lastAt: alert.figures.find((figure) => figure.name === 'last_landed_at')?.value ?? null,
      runId: alert.figures.find((figure) => figure.name === 'last_land_run')?.value ?? null,
    }))
    .filter(
      (known): known is { source: string; lastAt: string; runId: string } =>
        known.lastAt !== null && known.runId !== null,
    );
  judge(STALE_DATA, staleDataRows(pipeline.landRuns, now, knownLandings), '');
  const today = now.toISOString().slice(0, 10);
  judge(QUARANTINE_RATE, quarantineRateRows(pipeline.landRuns, [addDays(today, -1), today]), today);

  // The figures: only from a committed, successful compute run that read a complete landing.
  const compute = pipeline.computeRuns.at(-1);
  const figureRules = ALERT_RULES.filter((rule) => rule.figureBased);
  const holdBack = heldBackReason(pipeline);
  if (!compute || holdBack) {
    for (const rule of figureRules)
      outcomes.push({ rule: rule.id, status: 'skipped', reason: holdBack, rows: 0, candidates: 0 });
    return {
      candidates,
      evaluatedRules: evaluated,
      outcomes,
      figures: {
        compute_run: compute?.run_id ?? null,
        status: 'held_back',
        ...(holdBack ? { reason: holdBack } : {}),
      },
    };
  }

  const week = lastCompleteWeek(new Date(compute.as_of));
  const days = isoWeekDays(week);
  const values: Record<string, SqlParam> = {
    environment: PRODUCTION_ENVIRONMENT,
    week,
    day_from: days.from,
    day_to: days.to,
    week_from: isoWeekOf(compute.window.from),
    week_to: week,
    // Billing months (YYYY-MM) the recompute window touches, for reconciliation checks.
    billing_period_from: compute.window.from.slice(0, 7),
    billing_period_to: compute.as_of.slice(0, 7),
  };
  for (const rule of figureRules) {
    if (rule.input.from !== 'sql') continue;
    const check = rule.input.check;
    if (!context.runner.catalog.statements.some((statement) => statement.name === check)) {
      const reason = `sql/checks/${check}.sql is not there yet${rule.input.requires ? ` (it needs ${rule.input.requires})` : ''}`;
      outcomes.push({ rule: rule.id, status: 'skipped', reason, rows: 0, candidates: 0 });
      continue;
    }
    try {
      const loosest = loosestLimits(rule, alerts);
      const pool: Record<string, SqlParam> = {
        ...values,
        ...(rule.checkParams ?? {}),
        threshold: loosest.threshold,
        min_volume: loosest.minVolume,
      };
      // A check names the values it needs in its header; the pool has every value a rule can ask for.
      const statement = context.runner.statement(check);
      const unknown = statement.params.filter((name) => !(name in pool));
      if (unknown.length > 0)
        throw new Error(`sql/${statement.path} asks for unknown params: ${unknown.join(', ')}`);
      const params = Object.fromEntries(statement.params.map((name) => [name, pool[name] as SqlParam]));
      const rows = await context.runner.query(check, params, ruleRowSchema(rule));
      judge(rule, rows, week);
    } catch (error) {
      // A lake where reconcile has not run yet has no reconciliation views: nothing to judge, not a failure.
      const missing = rule.input.requires !== undefined && saysMissing(error, rule.input.requires);
      outcomes.push({
        rule: rule.id,
        status: missing ? 'skipped' : 'failed',
        reason: missing
          ? `${rule.input.requires} does not exist yet: no reconcile run has created it`
          : (error as Error).message,
        rows: 0,
        candidates: 0,
      });
    }
  }
  return {
    candidates,
    evaluatedRules: evaluated,
    outcomes,
    figures: { compute_run: compute.run_id, status: 'evaluated', week },
  };
}

/**
 * Whether a failed query says that `relation` does not exist: DuckDB "Table with name
 * v_x does not exist", Athena "TABLE_NOT_FOUND: ... Table 'db.v_x' does not exist".
 */
function saysMissing(error: unknown, relation: string): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const message = cause.message.toLowerCase();
    if (message.includes('does not exist') && message.includes(relation.toLowerCase())) return true;
  }
  return false;
}

/** Why the figures cannot be trusted now, or undefined when they can. */
function heldBackReason(pipeline: PipelineRuns): string | undefined {
  const compute = pipeline.computeRuns.at(-1);
  if (!compute) return 'no compute run has published results yet';
  if (compute.status !== 'succeeded') {
    return `the last compute run ${compute.run_id} failed: the published results may be out of date`;
  }
  const landing = landRunBefore(pipeline.landRuns, compute.started_at);
  if (landing?.status === 'failed') {
    return `compute run ${compute.run_id} read the output of land run ${landing.run_id}, which failed part-way`;
  }
  return undefined;
}
