import { describe, expect, it } from 'vitest';
import {
  alertLine,
  buildDigests,
  digestBody,
  digestTitle,
} from '../../../../lambdas/domain/alerts/alert-message.ts';
import { sampleTransition } from '../../../helpers/alert-transitions.ts';

describe('Domain: alert messages', () => {
  it('groups one run into one digest per severity, most severe first, resolutions as info, silent changes left out', () => {
    const transitions = [
      sampleTransition('opened', { period: '2026-W19' }),
      sampleTransition('resolved', { period: '2026-W18' }),
      sampleTransition('superseded', { period: '2026-W17' }),
      sampleTransition('escalated', { severity: 'critical', period: '2026-W20' }),
    ];

    const digests = buildDigests('run-1', transitions);

    expect(digests.map((digest) => [digest.severity, digest.transitions.map((t) => t.alert.period)])).toEqual(
      [
        ['critical', ['2026-W20']],
        ['warning', ['2026-W19']],
        ['info', ['2026-W18']],
      ],
    );
    expect(buildDigests('run-1', [sampleTransition('superseded')])).toEqual([]);
  });

  it('titles a digest with its counts and the first headline', () => {
    expect(
      digestTitle({
        run_id: 'r',
        severity: 'warning',
        transitions: [sampleTransition('opened'), sampleTransition('deescalated', { headline: 'other' })],
      }),
    ).toBe('2 warning: revenue-ops/account_research unallocated 6%');
  });

  it('writes every part an on-call engineer needs into the body, per alert', () => {
    const body = digestBody({
      run_id: 'run-1',
      severity: 'warning',
      transitions: [sampleTransition('opened')],
    });

    expect(body).toBe(
      [
        'ai-unit-economics alert run run-1: 1 warning: revenue-ops/account_research unallocated 6%',
        'Each alert below is sent once per rule, scope and period; you hear about it again only when its severity changes or when it clears.',
        '',
        '1. [WARNING] Unallocated production cost share (new)',
        '   revenue-ops/account_research unallocated 6%',
        '',
        'What happened: 6% of the production cost of revenue-ops/account_research in 2026-W20 named no business unit: 0.155080475 USD of 2.59483325 USD (15 of 265 requests).',
        'Figures:',
        '  - unallocated share of cost: 6%',
        '  - requests: 265',
        '  - unallocated cost: 0.155080475 USD',
        'Threshold: unallocated share of cost (now 6%): warning above 3%, critical above 10%; quiet below 100 requests',
        'Period: 2026-W20',
        'Scope: environment=production, application=revenue-ops, workflow=account_research, currency=USD',
        'Suggested action: Send business_unit (unit_type, unit_id) with every request of this workflow.',
        'Look at: v_unit_economics_weekly',
        "  select * from v_request_costs where application = 'revenue-ops' and unit_id is null",
        'Alert: unallocated_cost_share|environment=production,application=revenue-ops,workflow=account_research,currency=USD|2026-W20 (episode 1, first seen 2026-05-19T05:30:00.000Z)',
        '',
      ].join('\n'),
    );
  });

  it('gives one terminal line per alert', () => {
    expect(alertLine(sampleTransition('resolved'))).toBe(
      'resolved  resolved         unallocated_cost_share  2026-W20  revenue-ops/account_research unallocated 6%',
    );
  });
});
