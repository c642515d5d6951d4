import { z } from 'zod';
import { formatAmount } from './dashboard.ts';
import { InvalidInputError } from './errors.ts';
import { CELL_CODECS } from './finance-views.ts';
import { decimalToPico, picoToDecimal } from './money.ts';
import {
  type Interval,
  percentileInterval,
  proportionDifferenceInterval,
  seededRandom,
  wilsonInterval,
} from './statistics.ts';

/**
 * Cohort comparison (`ai-unit-economics compare`): two groups of business units that
 * differ in one thing - the prompt version or model of their first request, or the
 * fallback route they took - compared on success rate (Wilson 95% interval), cost per
 * attempted unit and cost per successful unit (95% bootstrap intervals over units,
 * seeded so a rerun gives the same figures), the share of spend on failed units, and
 * their mix of tenants and unit types, ending in a plain verdict.
 *
 * Definitions (over the units of one cohort, all in one currency):
 * - cost per attempted unit = Σ unit cost ÷ units (allocated cost only: spend that
 *   names no unit belongs to no cohort);
 * - success rate = successful ÷ decided units (success or failure; pending and unknown
 *   units have no verdict yet);
 * - cost per successful unit = Σ cost of the decided units ÷ successful units (the spend
 *   on failures is part of what a success costs);
 * - failed-unit cost share = Σ cost of failed units ÷ Σ unit cost.
 * Sums are exact (pico-units); ratios and intervals are doubles.
 */
export const COHORT_DIMENSIONS = ['prompt_version', 'model', 'fallback_route'] as const;
export type CohortDimension = (typeof COHORT_DIMENSIONS)[number];

/** The value of a unit with no prompt version, or that took no fallback route. */
export const NO_VALUE = 'none';

const Text = CELL_CODECS.text.pipe(z.string());
const OptionalText = CELL_CODECS.text as z.ZodType<string | null, string | null>;

/** One row of `sql/marts/cohort_units.sql`. */
export const CohortUnitRowSchema = z.object({
  application: Text,
  workflow: Text,
  unit_type: Text,
  unit_id: Text,
  tenant_id: OptionalText,
  cohort_day: CELL_CODECS.date.pipe(z.string()),
  cost: CELL_CODECS.decimal.pipe(z.string()),
  currency: OptionalText,
  outcome_class: z.enum(['success', 'failure', 'pending', 'unknown']),
  prompt_version: OptionalText,
  model_or_deployment: OptionalText,
  fallback_route: OptionalText,
});
export type CohortUnitRow = z.infer<typeof CohortUnitRowSchema>;

export function cohortValueOf(row: CohortUnitRow, dimension: CohortDimension): string {
  const value =
    dimension === 'prompt_version'
      ? row.prompt_version
      : dimension === 'model'
        ? row.model_or_deployment
        : row.fallback_route;
  return value ?? NO_VALUE;
}

export interface CohortOptions {
  readonly dimension: CohortDimension;
  readonly a: string;
  readonly b: string;
  /** @default 2000 */
  readonly resamples?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Fewer decided units than this in either cohort: not enough units. @default 20 */
  readonly minDecidedUnits?: number;
  /**
   * A 95% interval of the cost-per-success change that holds zero and is wider than this
   * (0.5 = 50 points) cannot tell "cheaper", "dearer" or "the same" apart: not enough units.
   * @default 0.5
   */
  readonly maxIntervalWidth?: number;
  /** Mix distance (total variation) above which the verdict warns the cohorts are not alike. @default 0.2 */
  readonly mixWarningDistance?: number;
}

export interface Share {
  readonly name: string;
  readonly units: number;
  readonly share: number;
}

export interface CohortSummary {
  readonly value: string;
  readonly units: number;
  readonly successful: number;
  readonly failed: number;
  readonly pending: number;
  readonly unknown: number;
  readonly decided: number;
  readonly successRate: number | null;
  readonly successRateInterval: Interval | null;
  /** Exact decimal text. */
  readonly totalCost: string;
  readonly failedUnitCost: string;
  /** Exact, rounded half up to 12 decimals; null with a zero denominator. */
  readonly costPerAttemptedUnit: string | null;
  readonly costPerAttemptedUnitInterval: Interval | null;
  readonly costPerSuccessfulUnit: string | null;
  readonly costPerSuccessfulUnitInterval: Interval | null;
  readonly failedUnitCostShare: number | null;
  readonly tenantMix: readonly Share[];
  readonly unitTypeMix: readonly Share[];
}

export interface Change extends Interval {
  readonly estimate: number;
}

export interface CohortComparison {
  readonly dimension: CohortDimension;
  readonly currency: string | null;
  readonly resamples: number;
  readonly seed: number;
  readonly a: CohortSummary;
  readonly b: CohortSummary;
  /** B ÷ A − 1 of cost per successful unit, with its bootstrap interval. */
  readonly costPerSuccessChange: Change | null;
  readonly costPerAttemptedChange: Change | null;
  /** B − A of the success rate (Newcombe hybrid score interval). */
  readonly successRateChange: Change | null;
  /** Total variation distance of the tenant and unit-type shares (0 alike, 1 disjoint). */
  readonly mixDistance: { readonly tenants: number; readonly unitTypes: number };
  readonly enoughUnits: boolean;
  readonly verdict: string;
  readonly mixNote: string | null;
}

interface PreparedUnit {
  readonly costPico: bigint;
  readonly cost: number;
  readonly outcomeClass: CohortUnitRow['outcome_class'];
  readonly tenant: string;
  readonly unitType: string;
}

export function compareCohorts(rows: readonly CohortUnitRow[], options: CohortOptions): CohortComparison {
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(resamples) || resamples < 100) {
    throw new InvalidInputError(`the bootstrap needs at least 100 resamples; received ${resamples}`);
  }
  if (options.a === options.b) {
    throw new InvalidInputError(`cohorts A and B are both "${options.a}"; name two different values`);
  }
  const inA = rows.filter((row) => cohortValueOf(row, options.dimension) === options.a);
  const inB = rows.filter((row) => cohortValueOf(row, options.dimension) === options.b);
  const currency = singleCurrency([...inA, ...inB]);
  const unitsA = inA.map(prepare);
  const unitsB = inB.map(prepare);

  const random = seededRandom(seed);
  const bootA = bootstrap(unitsA, resamples, random);
  const bootB = bootstrap(unitsB, resamples, random);
  const a = summarize(options.a, unitsA, bootA);
  const b = summarize(options.b, unitsB, bootB);

  const costPerSuccessChange = change(a.costPerSuccessfulUnit, b.costPerSuccessfulUnit, bootA.cps, bootB.cps);
  const costPerAttemptedChange = change(a.costPerAttemptedUnit, b.costPerAttemptedUnit, bootA.cpa, bootB.cpa);
  const successRateChange = proportionDifferenceInterval(
    { successes: a.successful, trials: a.decided },
    { successes: b.successful, trials: b.decided },
  );
  const mixDistance = {
    tenants: totalVariation(a.tenantMix, b.tenantMix),
    unitTypes: totalVariation(a.unitTypeMix, b.unitTypeMix),
  };
  const { verdict, enoughUnits } = verdictOf(a, b, costPerSuccessChange, successRateChange, options);
  const mixLimit = options.mixWarningDistance ?? 0.2;
  const mixNote =
    mixDistance.tenants > mixLimit || mixDistance.unitTypes > mixLimit
      ? `The cohorts are not alike: their tenant mix differs by ${percent(mixDistance.tenants)} and their unit-type mix by ${percent(mixDistance.unitTypes)} (total variation), so part of any difference may come from the mix rather than the ${dimensionLabel(options.dimension)}.`
      : null;

  return {
    dimension: options.dimension,
    currency,
    resamples,
    seed,
    a,
    b,
    costPerSuccessChange,
    costPerAttemptedChange,
    successRateChange,
    mixDistance,
    enoughUnits,
    verdict,
    mixNote,
  };
}

function prepare(row: CohortUnitRow): PreparedUnit {
  const costPico = decimalToPico(row.cost);
  return {
    costPico,
    // A double for the resampling only; point figures keep the exact pico sum.
    cost: Number(costPico) / 1e12,
    outcomeClass: row.outcome_class,
    tenant: row.tenant_id ?? NO_VALUE,
    unitType: row.unit_type,
  };
}

function singleCurrency(rows: readonly CohortUnitRow[]): string | null {
  const currencies = [...new Set(rows.map((row) => row.currency).filter((c): c is string => c !== null))];
  if (currencies.length > 1) {
    throw new InvalidInputError(
      `the cohorts hold units priced in ${currencies.sort().join(' and ')}; amounts in different currencies are never compared: narrow the comparison with --workflow`,
    );
  }
  return currencies[0] ?? null;
}

interface BootstrapSample {
  /** Cost per attempted unit of each resample. */
  readonly cpa: readonly number[];
  /** Cost per successful unit of each resample; NaN when a resample drew no success. */
  readonly cps: readonly number[];
}

/** Resamples the cohort's units with replacement, `resamples` times, drawing from `random`. */
export function bootstrap(
  units: readonly Pick<PreparedUnit, 'cost' | 'outcomeClass'>[],
  resamples: number,
  random: () => number,
): BootstrapSample {
  const n = units.length;
  const cpa: number[] = [];
  const cps: number[] = [];
  if (n === 0) return { cpa, cps };
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    let decidedCost = 0;
    let successes = 0;
    for (let i = 0; i < n; i++) {
      const unit = units[Math.floor(random() * n)] as Pick<PreparedUnit, 'cost' | 'outcomeClass'>;
      total += unit.cost;
      if (unit.outcomeClass === 'success') {
        successes += 1;
        decidedCost += unit.cost;
      } else if (unit.outcomeClass === 'failure') decidedCost += unit.cost;
    }
    cpa.push(total / n);
    cps.push(successes === 0 ? Number.NaN : decidedCost / successes);
  }
  return { cpa, cps };
}

function summarize(value: string, units: readonly PreparedUnit[], boot: BootstrapSample): CohortSummary {
  const count = (cls: PreparedUnit['outcomeClass']) =>
    units.filter((unit) => unit.outcomeClass === cls).length;
  const sum = (list: readonly PreparedUnit[]) => list.reduce((total, unit) => total + unit.costPico, 0n);
  const successful = count('success');
  const failed = count('failure');
  const decided = successful + failed;
  const totalPico = sum(units);
  const decidedPico = sum(
    units.filter((unit) => unit.outcomeClass === 'success' || unit.outcomeClass === 'failure'),
  );
  const failedPico = sum(units.filter((unit) => unit.outcomeClass === 'failure'));
  return {
    value,
    units: units.length,
    successful,
    failed,
    pending: count('pending'),
    unknown: count('unknown'),
    decided,
    successRate: decided === 0 ? null : successful / decided,
    successRateInterval: wilsonInterval(successful, decided),
    totalCost: picoToDecimal(totalPico),
    failedUnitCost: picoToDecimal(failedPico),
    costPerAttemptedUnit: divideRounded(totalPico, units.length),
    costPerAttemptedUnitInterval: boot.cpa.length === 0 ? null : percentileInterval(boot.cpa),
    costPerSuccessfulUnit: divideRounded(decidedPico, successful),
    costPerSuccessfulUnitInterval:
      boot.cps.length === 0 || boot.cps.some(Number.isNaN) ? null : percentileInterval(boot.cps),
    failedUnitCostShare: totalPico === 0n ? null : ratio(failedPico, totalPico),
    tenantMix: mix(units.map((unit) => unit.tenant)),
    unitTypeMix: mix(units.map((unit) => unit.unitType)),
  };
}

/** pico ÷ count, rounded half up to the pico, as exact decimal text; null when count is 0. */
function divideRounded(pico: bigint, count: number): string | null {
  if (count === 0) return null;
  const divisor = BigInt(count);
  const negative = pico < 0n;
  const magnitude = negative ? -pico : pico;
  const rounded = (magnitude * 2n + divisor) / (2n * divisor);
  return picoToDecimal(negative ? -rounded : rounded);
}

function ratio(numerator: bigint, denominator: bigint): number {
  // Scale first so the division keeps 15 significant digits without a float sum.
  return Number((numerator * 10n ** 15n) / denominator) / 1e15;
}

function mix(names: readonly string[]): Share[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .map(([name, units]) => ({ name, units, share: units / names.length }))
    .sort((x, y) => y.units - x.units || (x.name < y.name ? -1 : 1));
}

function totalVariation(a: readonly Share[], b: readonly Share[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const names = new Set([...a, ...b].map((share) => share.name));
  let distance = 0;
  for (const name of names) {
    const shareA = a.find((share) => share.name === name)?.share ?? 0;
    const shareB = b.find((share) => share.name === name)?.share ?? 0;
    distance += Math.abs(shareA - shareB);
  }
  return distance / 2;
}

/** B ÷ A − 1 from the exact point figures, with the percentile interval of the paired resamples. */
function change(
  a: string | null,
  b: string | null,
  bootA: readonly number[],
  bootB: readonly number[],
): Change | null {
  if (a === null || b === null || decimalToPico(a) === 0n) return null;
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(bootA.length, bootB.length); i++) {
    const x = bootA[i] as number;
    const y = bootB[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0) return null;
    ratios.push(y / x - 1);
  }
  if (ratios.length === 0) return null;
  return { estimate: ratio(decimalToPico(b), decimalToPico(a)) - 1, ...percentileInterval(ratios) };
}

function verdictOf(
  a: CohortSummary,
  b: CohortSummary,
  cost: Change | null,
  success: Change | null,
  options: CohortOptions,
): { verdict: string; enoughUnits: boolean } {
  const minUnits = options.minDecidedUnits ?? 20;
  const maxWidth = options.maxIntervalWidth ?? 0.5;
  if (a.decided < minUnits || b.decided < minUnits) {
    return {
      enoughUnits: false,
      verdict: `Not enough units to conclude: A has ${a.decided} and B ${b.decided} units with an outcome; at least ${minUnits} each are needed.`,
    };
  }
  if (cost === null) {
    return {
      enoughUnits: false,
      verdict: 'Not enough units to conclude: a cohort (or a resample of it) has no successful unit.',
    };
  }
  // An interval on one side of zero settles the direction however wide it is; one that
  // straddles zero says "about the same" only when it is narrow.
  const straddlesZero = cost.low <= 0 && cost.high >= 0;
  if (straddlesZero && cost.high - cost.low > maxWidth) {
    return {
      enoughUnits: false,
      verdict: `Not enough units to conclude: the 95% interval of the change in cost per success runs from ${signedPercent(cost.low)} to ${signedPercent(cost.high)}, too wide to tell.`,
    };
  }
  let costPart: string;
  if (cost.high < 0) {
    costPart = `B is cheaper per success by ${percent(-cost.estimate)} (95% CI ${percent(-cost.high)} to ${percent(-cost.low)})`;
  } else if (cost.low > 0) {
    costPart = `B costs more per success by ${percent(cost.estimate)} (95% CI ${percent(cost.low)} to ${percent(cost.high)})`;
  } else {
    costPart = `No clear difference in cost per success (B ${signedPercent(cost.estimate)}, 95% CI ${signedPercent(cost.low)} to ${signedPercent(cost.high)})`;
  }
  let successPart = 'success rate unchanged';
  if (success && success.low > 0) {
    successPart = `success rate up ${points(success.estimate)} points (95% CI ${points(success.low)} to ${points(success.high)})`;
  } else if (success && success.high < 0) {
    successPart = `success rate down ${points(-success.estimate)} points (95% CI ${points(-success.high)} to ${points(-success.low)})`;
  }
  return { enoughUnits: true, verdict: `${costPart}; ${successPart}.` };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function signedPercent(share: number): string {
  const rounded = Math.round(share * 100);
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded)}%`;
}

function points(share: number): string {
  return (share * 100).toFixed(1);
}

function dimensionLabel(dimension: CohortDimension): string {
  return dimension === 'model'
    ? 'model'
    : dimension === 'prompt_version'
      ? 'prompt version'
      : 'fallback route';
}

export interface ComparisonContext {
  readonly from: string;
  readonly to: string;
  readonly environment: string;
  readonly workflow?: string;
}

/** The comparison as a plain-text table for a terminal, verdict last. */
export function formatCohortComparison(comparison: CohortComparison, context: ComparisonContext): string {
  const { a, b } = comparison;
  const scope = [
    context.environment,
    comparison.currency ?? 'no currency',
    `cohort days ${context.from}..${context.to}`,
    ...(context.workflow ? [`workflow ${context.workflow}`] : []),
  ].join(', ');
  const money = (value: string | null) => formatAmount(value);
  const interval = (value: Interval | null, asPercent = false) =>
    value === null
      ? ''
      : asPercent
        ? ` [${(value.low * 100).toFixed(1)}%, ${(value.high * 100).toFixed(1)}%]`
        : ` [${formatAmount(value.low.toFixed(6))}, ${formatAmount(value.high.toFixed(6))}]`;
  const share = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
  const mixText = (shares: readonly Share[]) =>
    shares
      .slice(0, 4)
      .map((item) => `${item.name} ${Math.round(item.share * 100)}%`)
      .join(', ') + (shares.length > 4 ? ', …' : '');
  const rows: [string, string, string][] = [
    ['', `A: ${a.value}`, `B: ${b.value}`],
    ['units', String(a.units), String(b.units)],
    [
      'with an outcome (ok / failed)',
      `${a.decided} (${a.successful} / ${a.failed})`,
      `${b.decided} (${b.successful} / ${b.failed})`,
    ],
    [
      'success rate [95% CI]',
      share(a.successRate) + interval(a.successRateInterval, true),
      share(b.successRate) + interval(b.successRateInterval, true),
    ],
    ['total cost', money(a.totalCost), money(b.totalCost)],
    [
      'cost per attempted unit [95% CI]',
      money(a.costPerAttemptedUnit) + interval(a.costPerAttemptedUnitInterval),
      money(b.costPerAttemptedUnit) + interval(b.costPerAttemptedUnitInterval),
    ],
    [
      'cost per successful unit [95% CI]',
      money(a.costPerSuccessfulUnit) + interval(a.costPerSuccessfulUnitInterval),
      money(b.costPerSuccessfulUnit) + interval(b.costPerSuccessfulUnitInterval),
    ],
    ['failed-unit cost share', share(a.failedUnitCostShare), share(b.failedUnitCostShare)],
    ['tenants', mixText(a.tenantMix), mixText(b.tenantMix)],
    ['unit types', mixText(a.unitTypeMix), mixText(b.unitTypeMix)],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return [
    `Cohort comparison by ${comparison.dimension} (${scope})`,
    '',
    ...lines,
    '',
    comparison.verdict,
    ...(comparison.mixNote ? [comparison.mixNote] : []),
    `Intervals: ${comparison.resamples} bootstrap resamples over units, seed ${comparison.seed}; success rate: Wilson score.`,
    '',
  ].join('\n');
}
