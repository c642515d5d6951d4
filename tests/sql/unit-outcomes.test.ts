import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  selectRows,
  writePricing,
  writeSettings,
} from '../helpers/pipeline-lake.ts';

/**
 * Units -> outcome as of T (DESIGN §7.1, §7.2). T = 2026-05-20T12:00:00Z; support_case
 * has a 7-day reopen window and does not map `abandoned`; `document` is not configured
 * (default classes, no window). Each expectation says which rule decides it.
 */
const AS_OF = '2026-05-20T12:00:00Z';

const SETTINGS = {
  unit_types: {
    support_case: {
      outcome_classes: {
        success: ['accepted', 'resolved', 'completed', 'converted'],
        failure: ['rejected', 'reopened', 'escalated'],
        pending: ['pending'],
      },
      reopen_window_days: 7,
    },
  },
};

function unitRequest(id: string, unitId: string, extra: Record<string, unknown> = {}) {
  return costEvent({
    request_id: id,
    timestamp_utc: '2026-05-11T10:00:00Z',
    business_unit: { unit_type: 'support_case', unit_id: unitId },
    ...extra,
  });
}

const REQUESTS = [
  unitRequest('r-after', 'after-as-of'),
  unitRequest('r-at', 'at-as-of'),
  unitRequest('r-inside', 'inside-window'),
  unitRequest('r-exact', 'window-elapsed-exactly'),
  unitRequest('r-short', 'window-one-second-short'),
  unitRequest('r-reopened', 'reopened'),
  unitRequest('fb-1', 'fallback', {
    business_unit: { unit_type: 'support_case', unit_id: 'fallback', unit_outcome: 'pending' },
  }),
  unitRequest('fb-2', 'fallback', {
    timestamp_utc: '2026-05-11T11:00:00Z',
    business_unit: { unit_type: 'support_case', unit_id: 'fallback', unit_outcome: 'accepted' },
  }),
  unitRequest('ft-a', 'fallback-tie', {
    business_unit: { unit_type: 'support_case', unit_id: 'fallback-tie', unit_outcome: 'rejected' },
  }),
  unitRequest('ft-b', 'fallback-tie', {
    business_unit: { unit_type: 'support_case', unit_id: 'fallback-tie', unit_outcome: 'accepted' },
  }),
  unitRequest('r-none', 'none'),
  unitRequest('r-unmapped', 'unmapped'),
  unitRequest('eb-1', 'event-beats-fallback', {
    timestamp_utc: '2026-05-13T00:00:00Z',
    business_unit: { unit_type: 'support_case', unit_id: 'event-beats-fallback', unit_outcome: 'accepted' },
  }),
  unitRequest('r-final', 'final-first'),
  unitRequest('r-doc', 'doc-1', { business_unit: { unit_type: 'document', unit_id: 'doc-1' } }),
];

const OUTCOMES = [
  outcomeEvent({ unit_id: 'after-as-of', outcome: 'escalated', outcome_at: '2026-05-12T00:00:00Z' }),
  outcomeEvent({ unit_id: 'after-as-of', outcome: 'resolved', outcome_at: '2026-05-20T12:00:01Z' }),
  outcomeEvent({ unit_id: 'at-as-of', outcome: 'rejected', outcome_at: AS_OF }),
  outcomeEvent({
    unit_id: 'inside-window',
    outcome: 'resolved',
    outcome_at: '2026-05-15T00:00:00Z',
    tenant_id: 'someone-else',
    workflow: 'other-workflow',
  }),
  outcomeEvent({
    unit_id: 'window-elapsed-exactly',
    outcome: 'resolved',
    outcome_at: '2026-05-13T12:00:00Z',
  }),
  outcomeEvent({
    unit_id: 'window-one-second-short',
    outcome: 'resolved',
    outcome_at: '2026-05-13T12:00:01Z',
  }),
  outcomeEvent({ unit_id: 'reopened', outcome: 'resolved', outcome_at: '2026-05-12T00:00:00Z' }),
  outcomeEvent({ unit_id: 'reopened', outcome: 'reopened', outcome_at: '2026-05-14T00:00:00Z' }),
  outcomeEvent({ unit_id: 'unmapped', outcome: 'abandoned', outcome_at: '2026-05-12T00:00:00Z' }),
  outcomeEvent({ unit_id: 'event-beats-fallback', outcome: 'rejected', outcome_at: '2026-05-12T00:00:00Z' }),
  outcomeEvent({
    unit_id: 'final-first',
    outcome: 'resolved',
    outcome_at: '2026-05-12T00:00:00Z',
    is_final: true,
  }),
  outcomeEvent({
    unit_id: 'final-first',
    outcome: 'pending',
    outcome_at: '2026-05-13T00:00:00Z',
    is_final: false,
  }),
  outcomeEvent({
    unit_type: 'document',
    unit_id: 'doc-1',
    outcome: 'accepted',
    outcome_at: '2026-05-20T00:00:00Z',
  }),
];

describe('SQL: unit outcome as of T (int_units__costed, v_unit_costs)', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let units: Map<string, RawRow>;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, [
      'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
      'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
    ]);
    await writeSettings(lake, SETTINGS);
    await landCostEvents(lake, REQUESTS, { runId: 'land-1', receivedAt: '2026-05-20T00:00:00.000Z' });
    await landOutcomes(lake, OUTCOMES, { runId: 'land-2', receivedAt: '2026-05-20T13:00:00.000Z' });
    ({ engine } = await computeLake(lake, { asOf: new Date(AS_OF) }));
    units = new Map(
      (await selectRows(engine, 'select * from v_unit_costs')).map((row) => [row.unit_id as string, row]),
    );
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  const outcomeOf = (unitId: string) => {
    const unit = units.get(unitId);
    return [unit?.outcome, unit?.outcome_at, unit?.outcome_class, unit?.outcome_source];
  };

  it('ignores an outcome after T: the latest outcome at or before T stands', () => {
    expect(outcomeOf('after-as-of')).toEqual([
      'escalated',
      '2026-05-12 00:00:00',
      'failure',
      'outcome_event',
    ]);
  });

  it('counts an outcome exactly at T', () => {
    expect(outcomeOf('at-as-of')).toEqual(['rejected', '2026-05-20 12:00:00', 'failure', 'outcome_event']);
  });

  it('keeps a success pending inside the reopen window, whatever tenant or workflow the outcome names', () => {
    // 2026-05-15 + 7 days = 2026-05-22 > T
    expect(outcomeOf('inside-window')).toEqual([
      'resolved',
      '2026-05-15 00:00:00',
      'pending',
      'outcome_event',
    ]);
  });

  it('makes a success count once its reopen window has elapsed, to the second', () => {
    // 2026-05-13T12:00:00 + 7 days = T exactly: window elapsed (<= T)
    expect(units.get('window-elapsed-exactly')?.outcome_class).toBe('success');
    // one second later: 2026-05-20T12:00:01 > T, still pending
    expect(units.get('window-one-second-short')?.outcome_class).toBe('pending');
  });

  it('classes a reopened unit as a failure', () => {
    expect(outcomeOf('reopened')).toEqual(['reopened', '2026-05-14 00:00:00', 'failure', 'outcome_event']);
  });

  it('falls back to the unit_outcome of the latest cost event, dated by that event', () => {
    // fb-2 (11:00) is later than fb-1 (10:00); 11:00 + 7 days = 2026-05-18T11:00 <= T: success
    expect(outcomeOf('fallback')).toEqual(['accepted', '2026-05-11 11:00:00', 'success', 'cost_event']);
  });

  it('breaks a tie between latest cost events by request_id', () => {
    // ft-a and ft-b share a timestamp; ft-b is the later by request_id
    expect(units.get('fallback-tie')?.outcome).toBe('accepted');
  });

  it('prefers an outcome event to a later cost event unit_outcome', () => {
    expect(outcomeOf('event-beats-fallback')).toEqual([
      'rejected',
      '2026-05-12 00:00:00',
      'failure',
      'outcome_event',
    ]);
  });

  it('gives a unit with no outcome at all the unknown class', () => {
    expect(outcomeOf('none')).toEqual(['unknown', null, 'unknown', 'none']);
  });

  it('gives an outcome the settings do not map the unknown class', () => {
    expect(outcomeOf('unmapped')).toEqual(['abandoned', '2026-05-12 00:00:00', 'unknown', 'outcome_event']);
  });

  it('lets the latest outcome stand whatever is_final says', () => {
    expect(units.get('final-first')?.outcome).toBe('pending');
    expect(units.get('final-first')?.outcome_class).toBe('pending');
  });

  it('uses the default classes and no reopen window for a unit type the settings do not list', () => {
    // accepted 12 hours before T: success at once, no window for `document`
    expect(outcomeOf('doc-1')).toEqual(['accepted', '2026-05-20 00:00:00', 'success', 'outcome_event']);
  });
});
