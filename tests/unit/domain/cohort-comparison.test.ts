import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  type CohortUnitRow,
  compareCohorts,
  formatCohortComparison,
} from '../../../lambdas/domain/cohort-comparison.ts';
import { InvalidInputError } from '../../../lambdas/domain/errors.ts';
import { percentileInterval, seededRandom } from '../../../lambdas/domain/statistics.ts';

let sequence = 0;

function unit(
  promptVersion: string,
  cost: string,
  outcomeClass: CohortUnitRow['outcome_class'],
  extra: Partial<CohortUnitRow> = {},
): CohortUnitRow {
  sequence += 1;
  return {
    application: 'support-bot',
    workflow: 'answer',
    unit_type: 'support_case',
    unit_id: `case-${sequence}`,
    tenant_id: 'tenant-a',
    cohort_day: '2026-05-11',
    cost,
    currency: 'USD',
    outcome_class: outcomeClass,
    prompt_version: promptVersion,
    model_or_deployment: 'gpt-test',
    fallback_route: null,
    ...extra,
  };
}

function cohort(version: string, successes: number, failures: number, cost: string, extra = {}) {
  return [
    ...Array.from({ length: successes }, () => unit(version, cost, 'success', extra)),
    ...Array.from({ length: failures }, () => unit(version, cost, 'failure', extra)),
  ];
}

describe('Domain: bootstrap', () => {
  it('gives a zero-width interval when every unit costs the same', () => {
    const units = Array.from({ length: 30 }, () => ({ cost: 0.5, outcomeClass: 'success' as const }));

    const sample = bootstrap(units, 2000, seededRandom(1));

    expect(percentileInterval(sample.cpa)).toEqual({ low: 0.5, high: 0.5 });
    expect(percentileInterval(sample.cps)).toEqual({ low: 0.5, high: 0.5 });
  });

  it('gives [1, 3] for the mean of two units costing 1 and 3', () => {
    // A resample of two draws has mean 1 (p = 1/4), 2 (1/2) or 3 (1/4). The 2.5th
    // percentile of 2,000 means is 1 unless fewer than 50 of them are 1 (expected 500),
    // the 97.5th is 3 likewise.
    const units = [
      { cost: 1, outcomeClass: 'success' as const },
      { cost: 3, outcomeClass: 'success' as const },
    ];

    const sample = bootstrap(units, 2000, seededRandom(1));

    expect(percentileInterval(sample.cpa)).toEqual({ low: 1, high: 3 });
    const ones = sample.cpa.filter((mean) => mean === 1).length;
    expect(Math.abs(ones - 500)).toBeLessThan(70); // 3 standard deviations: sqrt(2000 x 1/4 x 3/4) ≈ 19
  });

  it('matches the normal approximation for the mean of a 0/1 cost', () => {
    // 50 units cost 0, 50 cost 1: the mean's standard error is sqrt(0.25 / 100) = 0.05,
    // so the 95% interval is about 0.5 ± 1.96 x 0.05 = [0.402, 0.598].
    const units = Array.from({ length: 100 }, (_, i) => ({
      cost: i % 2,
      outcomeClass: 'success' as const,
    }));

    const interval = percentileInterval(bootstrap(units, 4000, seededRandom(3)).cpa);

    expect(interval.low).toBeGreaterThan(0.37);
    expect(interval.low).toBeLessThan(0.43);
    expect(interval.high).toBeGreaterThan(0.57);
    expect(interval.high).toBeLessThan(0.63);
  });

  it('marks a resample with no success as NaN cost per success', () => {
    const sample = bootstrap([{ cost: 1, outcomeClass: 'failure' }], 10, seededRandom(1));

    expect(sample.cps.every(Number.isNaN)).toBe(true);
  });
});

describe('Domain: compareCohorts', () => {
  it('sums exactly and finds B cheaper per success by 20% with the success rate unchanged', () => {
    // A: 80 successes + 20 failures at 1.00 -> total 100, per success 100 / 80 = 1.25.
    // B: 80 + 20 at 0.80 -> total 80, per success 80 / 80 = 1.00; change 1.00 / 1.25 - 1 = -20%.
    // Costs are constant, so only the success counts vary: change = 0.8 x S_A / S_B - 1,
    // S ~ Binomial(100, 0.8) (sd 4): about 0.8 x (1 ± 1.96 x sqrt(2) x 0.05) - 1 = -31% to -9%.
    const rows = [...cohort('v1', 80, 20, '1.00'), ...cohort('v2', 80, 20, '0.80')];

    const result = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' });

    expect(result.a.totalCost).toBe('100');
    expect(result.b.totalCost).toBe('80');
    expect(result.a.costPerSuccessfulUnit).toBe('1.25');
    expect(result.b.costPerSuccessfulUnit).toBe('1');
    expect(result.a.costPerAttemptedUnit).toBe('1');
    expect(result.b.failedUnitCost).toBe('16');
    expect(result.b.failedUnitCostShare).toBeCloseTo(0.2, 12);
    expect(result.a.successRate).toBeCloseTo(0.8, 12);
    expect(result.costPerSuccessChange?.estimate).toBeCloseTo(-0.2, 12);
    const match =
      /^B is cheaper per success by 20% \(95% CI (\d+)% to (\d+)%\); success rate unchanged\.$/.exec(
        result.verdict,
      );
    expect(match, result.verdict).not.toBeNull();
    expect(Math.abs(Number(match?.[1]) - 9)).toBeLessThanOrEqual(4);
    expect(Math.abs(Number(match?.[2]) - 31)).toBeLessThanOrEqual(4);
    expect(result.enoughUnits).toBe(true);
    expect(result.mixNote).toBeNull();
  });

  it('says B costs more and the success rate fell, with Newcombe limits, when both are clear', () => {
    // A: 90/100 succeed at 1.00 -> 100 / 90 = 1.111; B: 60/100 at 1.50 -> 150 / 60 = 2.50: +125%.
    // Success rate 0.6 - 0.9 = -30 points; Newcombe hybrid score limits, worked out from the
    // two Wilson intervals (0.8256, 0.9448) and (0.5020, 0.6906): -40.8 to -18.3 points.
    const rows = [...cohort('v1', 90, 10, '1.00'), ...cohort('v2', 60, 40, '1.50')];

    const result = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' });

    expect(result.verdict).toMatch(
      /^B costs more per success by 125% \(95% CI \d+% to \d+%\); success rate down 30\.0 points \(95% CI 18\.3 to 40\.8\)\.$/,
    );
  });

  it('says "not enough units" when a cohort has too few units with an outcome', () => {
    const rows = [...cohort('v1', 4, 1, '1.00'), ...cohort('v2', 5, 0, '1.00')];

    const result = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' });

    expect(result.enoughUnits).toBe(false);
    expect(result.verdict).toBe(
      'Not enough units to conclude: A has 5 and B 5 units with an outcome; at least 20 each are needed.',
    );
  });

  it('says "not enough units" when the cost interval is too wide to conclude', () => {
    // 24 units per cohort whose costs alternate 0.10 and 10.00: each mean has a relative
    // standard error near 1 / sqrt(24) ≈ 0.2, so the ratio's 95% interval spans well over 50 points.
    const spread = (version: string) =>
      Array.from({ length: 24 }, (_, i) =>
        unit(version, i % 2 ? '10.00' : '0.10', i % 3 ? 'success' : 'failure'),
      );
    const rows = [...spread('v1'), ...spread('v2')];

    const result = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' });

    expect(result.enoughUnits).toBe(false);
    expect(result.verdict).toMatch(/^Not enough units to conclude: the 95% interval .* too wide to tell\.$/);
  });

  it('gives the same intervals for the same seed', () => {
    const rows = [...cohort('v1', 60, 20, '1.00'), ...cohort('v2', 50, 30, '0.90')];

    const first = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2', seed: 9 });
    const second = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2', seed: 9 });

    expect(second.costPerSuccessChange).toEqual(first.costPerSuccessChange);
    expect(second.a.costPerSuccessfulUnitInterval).toEqual(first.a.costPerSuccessfulUnitInterval);
  });

  it('warns when the cohorts serve different tenants', () => {
    const rows = [
      ...cohort('v1', 40, 10, '1.00', { tenant_id: 'acme' }),
      ...cohort('v2', 40, 10, '1.00', { tenant_id: 'globex' }),
    ];

    const result = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' });

    expect(result.mixDistance.tenants).toBe(1);
    expect(result.mixNote).toContain('tenant mix differs by 100%');
    expect(result.a.tenantMix).toEqual([{ name: 'acme', units: 50, share: 1 }]);
  });

  it('splits on the fallback route, "none" for units that took none', () => {
    const rows = [
      unit('v1', '1.00', 'success', { fallback_route: 'openai/a->bedrock/b' }),
      unit('v1', '2.00', 'success'),
    ];

    const result = compareCohorts(rows, {
      dimension: 'fallback_route',
      a: 'none',
      b: 'openai/a->bedrock/b',
    });

    expect(result.a.totalCost).toBe('2');
    expect(result.b.totalCost).toBe('1');
  });

  it('throws when the cohorts hold more than one currency', () => {
    const rows = [unit('v1', '1', 'success'), unit('v2', '1', 'success', { currency: 'EUR' })];

    expect(() => compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' })).toThrow(
      InvalidInputError,
    );
  });

  it('formats a table with both cohorts and the verdict last', () => {
    const rows = [...cohort('v1', 80, 20, '1.00'), ...cohort('v2', 80, 20, '0.80')];
    const result = compareCohorts(rows, { dimension: 'prompt_version', a: 'v1', b: 'v2' });

    const text = formatCohortComparison(result, {
      from: '2026-05-01',
      to: '2026-05-28',
      environment: 'production',
    });

    expect(text).toContain(
      'Cohort comparison by prompt_version (production, USD, cohort days 2026-05-01..2026-05-28)',
    );
    expect(text).toMatch(/cost per successful unit \[95% CI\]\s+1\.25 \[/);
    expect(text).toContain('success rate [95% CI]');
    expect(text).toContain(result.verdict);
  });
});
