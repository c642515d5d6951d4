import { z } from 'zod';
import type { AlertCandidate, AlertFigure, AlertScope, AlertSeverity } from './alert.ts';
import { formatFigure } from './format.ts';
import { type AlertSettings, limitsFor } from './limits.ts';
import type { AlertRule, FigureSpec, RuleFacts } from './rules.ts';

/**
 * One failing row of a rule, decoded: its scope, its period (when the check picks it),
 * the metric compared with the limits, the volume compared with the minimum, and every
 * figure as exact text. SQL checks and the run-record rules both produce these.
 */
export interface RuleRow {
  readonly period?: string;
  readonly scope: AlertScope;
  readonly metric: number;
  readonly volume: number;
  /** Every figure of the rule (metric and volume included) as exact text, null when missing. */
  readonly values: Readonly<Record<string, string | null>>;
}

const Cell = z.string().nullable().optional();
const Required = z.string().trim().min(1);

/**
 * The decoder of a rule's check rows (cells arrive as text, as Athena returns them): a
 * row without its metric or volume, or with a non-numeric one, does not decode. Figure
 * values keep the exact text the engine returned.
 */
export function ruleRowSchema(rule: AlertRule): z.ZodType<RuleRow, Readonly<Record<string, string | null>>> {
  const shape: Record<string, z.ZodType> = { period: Cell };
  for (const field of rule.scope) shape[field] = Cell;
  for (const figure of rule.figures) shape[figure.name] = Cell;
  shape[rule.metric.name] = Required;
  shape[rule.volume.name] = Required;
  return z.looseObject(shape).transform((cells, context): RuleRow => {
    const cell = (name: string) => (typeof cells[name] === 'string' ? (cells[name] as string) : null);
    const numbers = [rule.metric.name, rule.volume.name].map((name) => {
      const value = Number(cell(name));
      if (!Number.isFinite(value)) {
        context.addIssue({ code: 'custom', path: [name], message: `"${cell(name)}" is not a finite number` });
      }
      return value;
    });
    const scope: Record<string, string> = {};
    for (const field of rule.scope) {
      const value = cell(field);
      if (value !== null && value !== '') scope[field] = value;
    }
    const values: Record<string, string | null> = {};
    for (const figure of allFigures(rule)) values[figure.name] = cell(figure.name);
    const period = cell('period');
    return {
      ...(period !== null && period !== '' ? { period } : {}),
      scope,
      metric: numbers[0] as number,
      volume: numbers[1] as number,
      values,
    };
  }) as unknown as z.ZodType<RuleRow, Readonly<Record<string, string | null>>>;
}

/**
 * The alert a row raises under the scope's limits, or null when it stays quiet: the
 * volume is below the minimum, or the metric is not above the threshold.
 */
export function candidateFromRow(
  rule: AlertRule,
  row: RuleRow,
  alerts: AlertSettings,
  defaultPeriod: string,
): AlertCandidate | null {
  const limits = limitsFor(rule, alerts, row.scope);
  if (row.volume < limits.minVolume) return null;
  if (!(row.metric > limits.threshold)) return null;
  const severity: AlertSeverity = row.metric > limits.critical ? 'critical' : 'warning';
  const period = row.period ?? defaultPeriod;
  const figures = allFigures(rule).map((spec) => figureOf(spec, row));
  const byName = new Map(figures.map((figure) => [figure.name, figure]));
  const facts: RuleFacts = {
    scope: row.scope,
    period,
    text: (name) => {
      const figure = byName.get(name);
      return figure ? formatFigure(figure) : 'n/a';
    },
  };
  return {
    kind: rule.id,
    severity,
    period,
    scope: row.scope,
    summary: rule.summarize(facts),
    headline: rule.headline(facts),
    figures,
    threshold: {
      figure: rule.metric.name,
      unit: rule.metric.unit,
      warning_above: limits.threshold,
      critical_above: limits.critical,
      min_volume: limits.minVolume,
      volume_figure: rule.volume.name,
    },
    suggested_action: rule.suggestedAction,
    look_at: { view: rule.view, sql: rule.lookAt(row.scope, period) },
  };
}

/** The metric first, then the volume (unless it is the metric), then the rule's other figures. */
function allFigures(rule: AlertRule): FigureSpec[] {
  const specs = [rule.metric];
  if (rule.volume.name !== rule.metric.name) specs.push(rule.volume);
  return [...specs, ...rule.figures];
}

function figureOf(spec: FigureSpec, row: RuleRow): AlertFigure {
  const figure: AlertFigure = {
    name: spec.name,
    label: spec.label,
    value: row.values[spec.name] ?? null,
    unit: spec.unit,
  };
  if (spec.unit === 'money' && row.scope.currency !== undefined)
    return { ...figure, currency: row.scope.currency };
  return figure;
}
