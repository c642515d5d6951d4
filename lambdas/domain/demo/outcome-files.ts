import type { OutcomeValue } from '../contract-fields.ts';
import { COST_EVENT_VERSIONS } from '../cost-event.ts';
import { DAY_MS, type DemoWindow, dayOf, HOUR_MS, isoOf } from './demo-window.ts';
import { jsonText } from './json-text.ts';
import { duplicateLines, groupLines, insertLines, type LineFile } from './line-files.ts';
import type { Random } from './random.ts';
import { DEMO_DUPLICATE_LINES, DEMO_MALFORMED_LINES, type MalformedOutcomeKind } from './scenarios.ts';
import type { DemoUnit } from './traffic.ts';

/**
 * Business-unit outcome events, one NDJSON file per application and day of the outcome
 * (`incoming/outcomes/<application>/<YYYY-MM-DD>.ndjson`), exported shortly after
 * midnight; the support CRM's export sometimes runs days late. Outcomes that would
 * happen after the window are not there yet: those units stay pending or unknown.
 */
interface Outcome {
  readonly unit: DemoUnit;
  readonly outcome: OutcomeValue;
  readonly atMs: number;
  readonly isFinal: boolean;
}

/** Hours from a unit's last request to its verdict (resolution, validation, brief used, merge). */
const VERDICT_DELAY_HOURS: Record<string, readonly [number, number]> = {
  support_case: [0.5, 30],
  document: [0.02, 0.25],
  research_brief: [0.1, 8],
  code_change: [2, 96],
};
const LATE_EXPORT_SHARE = 0.15;

export function outcomeFiles(units: readonly DemoUnit[], window: DemoWindow, random: Random): LineFile[] {
  const outcomes = units
    .filter((unit) => unit.reporting === 'event')
    .flatMap((unit) => timeline(unit, random))
    .filter((outcome) => outcome.atMs < window.endMs)
    .sort((a, b) => a.atMs - b.atMs);
  const entries = outcomes.map((outcome) => ({
    key: outcomeKey(outcome),
    line: jsonText(outcomeEvent(outcome)),
  }));
  const files = groupLines(entries, (key) => ({ receivedAtMs: arrival(key, window, random), gzip: false }));
  duplicateLines(files, DEMO_DUPLICATE_LINES.outcomes, random);
  insertLines(files, malformedOutcomes(outcomes, random), random);
  return files;
}

function outcomeKey(outcome: Outcome): string {
  return `incoming/outcomes/${outcome.unit.workflow.application}/${dayOf(outcome.atMs)}.ndjson`;
}

function timeline(unit: DemoUnit, random: Random): Outcome[] {
  const lastMs = unit.requests[unit.requests.length - 1]?.timestampMs ?? 0;
  const after = (minHours: number, maxHours: number) =>
    lastMs + Math.floor(random.between(minHours, maxHours) * HOUR_MS);
  const [verdictMin, verdictMax] = VERDICT_DELAY_HOURS[unit.workflow.unitType] ?? [1, 24];
  const outcome = (value: OutcomeValue, atMs: number, isFinal = true): Outcome => ({
    unit,
    outcome: value,
    atMs,
    isFinal,
  });
  switch (unit.fate) {
    case 'resolved':
      // A resolved case can still be reopened: not final.
      return [outcome('resolved', after(verdictMin, verdictMax), false)];
    case 'reopened': {
      const resolvedAt = after(verdictMin, verdictMax);
      const reopenedAt = resolvedAt + Math.floor(random.between(1, 6.5) * DAY_MS);
      return [outcome('resolved', resolvedAt, false), outcome('reopened', reopenedAt, false)];
    }
    case 'escalated':
      return [outcome('escalated', after(0.2, 6))];
    case 'abandoned':
      return [outcome('abandoned', after(24, 96))];
    default: {
      // Code changes report "pending" when the pull request opens, then the review verdict.
      const opened =
        unit.workflow.unitType === 'code_change' && random.chance(0.4)
          ? [outcome('pending', after(0.02, 0.2), false)]
          : [];
      return [...opened, outcome(unit.fate, after(verdictMin, verdictMax))];
    }
  }
}

function outcomeEvent({ unit, outcome, atMs, isFinal }: Outcome): Record<string, unknown> {
  // The git webhook knows the repository and pull request, not the tenant or workflow.
  const fromGit = unit.workflow.application === 'engineering-copilot';
  return {
    event_type: 'business_unit_outcome',
    ...(fromGit ? {} : { event_version: COST_EVENT_VERSIONS[0] }),
    unit_type: unit.workflow.unitType,
    unit_id: unit.unitId,
    ...(fromGit ? {} : { tenant_id: unit.tenant }),
    application: unit.workflow.application,
    ...(fromGit ? {} : { workflow: unit.workflow.workflow }),
    outcome,
    outcome_at: isoOf(atMs),
    is_final: isFinal,
    // An accepted document saves a manual keying job; finance values it.
    ...(unit.workflow.unitType === 'document' && outcome === 'accepted'
      ? { value: { amount: '1.20', currency: 'USD' } }
      : {}),
  };
}

function arrival(key: string, window: DemoWindow, random: Random): number {
  const day = /(\d{4}-\d{2}-\d{2})\.ndjson$/.exec(key)?.[1] ?? '';
  const exportedMs = Date.parse(`${day}T00:00:00Z`) + DAY_MS + random.int(10, 50) * 60_000;
  const late = key.includes('/support-desk/') && random.chance(LATE_EXPORT_SHARE);
  return Math.min(exportedMs + (late ? random.int(2, 5) * DAY_MS : 0), window.endMs);
}

/** Broken lines, shaped like a real outcome and put in that outcome's file. */
function malformedOutcomes(outcomes: readonly Outcome[], random: Random): { key: string; line: string }[] {
  const lines: { key: string; line: string }[] = [];
  for (const [kind, count] of Object.entries(DEMO_MALFORMED_LINES.outcomes) as [
    MalformedOutcomeKind,
    number,
  ][]) {
    for (let i = 0; i < count; i++) {
      const like = random.pick(outcomes);
      const event = outcomeEvent(like);
      const { unit_id: _dropped, ...withoutUnitId } = event;
      const text = jsonText(kind === 'invalid_json' ? event : withoutUnitId);
      // A truncated export line, or one from a CRM record that lost its case number.
      const line =
        kind === 'invalid_json' ? text.slice(0, Math.floor(text.length * random.between(0.3, 0.8))) : text;
      lines.push({ key: outcomeKey(like), line });
    }
  }
  return lines;
}
