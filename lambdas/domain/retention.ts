import type { DoctorItem, DoctorStatus } from './doctor.ts';
import { JOIN_VALIDATION_DEFAULTS } from './join-validation.ts';
import type { Settings } from './settings.ts';

/**
 * `doctor`'s retention check (DESIGN §8, §11): does the lake keep each prefix as long as
 * the jobs read it back? Ages count from when an object was written, as S3 lifecycle
 * counts them: it deletes an object N days after the write, rounded up to the next
 * midnight UTC, so an object written on day d is still there on day d + N, and data read
 * up to A days after it was written is served while N >= A.
 *
 * What is read back, and for how long (from the jobs' code):
 * - `compute` reads raw/events and raw/outcomes only for the partitions land wrote since
 *   its last run (compute-partitions.ts): a day old on its schedule. It rereads the older
 *   files of such a partition, but the merge keeps the copy landed last and the older
 *   copies are curated already, so their expiry changes nothing. Its window is read from
 *   the curated tables, not from raw/.
 * - `reconcile` reads raw/billing_lines (dt = billing period) of every period in its
 *   lookback on every run: a line landed on a period's first day is read until the last
 *   day of the lookback's last month, at most 31 x lookback_months days later. It reads
 *   the AWS CUR in place under incoming/.
 * - the `completeness_gap` alert reads raw/usage_records of the last complete ISO week,
 *   which begins at most 13 days before the as-of day: 14 days.
 * - `land` reads new objects under incoming/, the originals every re-land starts from:
 *   the design keeps them forever.
 * - A rebuild of the curated tables (compute with no checkpoint merges every raw partition
 *   still there) must bring back what the next runs read from them: the requests of the
 *   recompute window and of units begun up to max_unit_span_days before it, the requests
 *   behind reconcile's estimates (31 x lookback_months), the outcomes of the window.
 *   Pending horizons and reopen windows judge curated outcomes inside the window: they add
 *   nothing.
 * - A quarantined record, fixed and sent again, changes published figures while its day is
 *   in the window or its billing period in the lookback: the longer of the two.
 * Expiring what a job reads fails. A rebuild or a quarantine review with less than
 * RETENTION_MARGIN_DAYS to spare warns: a month to notice a broken table or a
 * quarantine_rate alert and act.
 */
export const RETENTION_MARGIN_DAYS = 30;

/** The longest month: lookback months times this bounds the days a period stays in the lookback. */
const MONTH_DAYS = 31;
/** The completeness_gap alert's last complete ISO week starts at most 13 days back. */
const COMPLETENESS_WEEK_DAYS = 14;

/** The lake prefixes whose retention matters, the ones retentionNeeds names. */
export const RETENTION_PREFIXES = [
  'incoming/',
  'raw/billing_lines/',
  'raw/usage_records/',
  'raw/events/',
  'raw/outcomes/',
  'quarantine/',
] as const;
export type RetentionPrefix = (typeof RETENTION_PREFIXES)[number];

/** What the lake does with objects written under a prefix (the lake retention port's answer). */
export interface PrefixExpiration {
  readonly prefix: string;
  /** Days after an object is written at which jobs can no longer read it (deleted or archived); null: never. */
  readonly expireAfterDays: number | null;
  /** What sets it, for the message: `lifecycle rule expire-raw`, `local directory`. */
  readonly source: string;
}

export interface RetentionNeed {
  readonly prefix: RetentionPrefix;
  /** Who reads it back: `reconcile (3-month lookback)`. */
  readonly reader: string;
  /** Days after writing it must stay readable; null: forever. */
  readonly days: number | null;
  /** fail: a job reads it; warn: a rebuild or a review needs it, with RETENTION_MARGIN_DAYS to spare. */
  readonly shortfall: 'fail' | 'warn';
}

export function retentionNeeds(settings: Settings): RetentionNeed[] {
  const window = settings.recompute_window_days;
  const months = settings.reconciliation.lookback_months;
  const lookback = MONTH_DAYS * months;
  const span = longestUnitSpanDays(settings);
  return [
    {
      prefix: 'incoming/',
      reader: 'land, reconcile (AWS CUR read in place) and every re-land',
      days: null,
      shortfall: 'fail',
    },
    {
      prefix: 'raw/billing_lines/',
      reader: `reconcile (${months}-month lookback)`,
      days: lookback,
      shortfall: 'fail',
    },
    {
      prefix: 'raw/usage_records/',
      reader: 'the completeness_gap alert (last complete week)',
      days: COMPLETENESS_WEEK_DAYS,
      shortfall: 'fail',
    },
    {
      prefix: 'raw/events/',
      reader: `a rebuild of the curated requests (${window}-day window + ${span}-day unit span, ${months}-month lookback)`,
      days: Math.max(window + span, lookback),
      shortfall: 'warn',
    },
    {
      prefix: 'raw/outcomes/',
      reader: `a rebuild of the curated outcomes (${window}-day window)`,
      days: window,
      shortfall: 'warn',
    },
    {
      prefix: 'quarantine/',
      reader: 'a review of rejected records (while a fix still counts)',
      days: Math.max(window, lookback),
      shortfall: 'warn',
    },
  ];
}

/**
 * One `retention` item: each shortfall with what the prefix keeps and what needs it, then
 * the prefixes kept long enough, grouped by what they keep.
 */
export function judgeRetention(expirations: readonly PrefixExpiration[], settings: Settings): DoctorItem {
  const kept = new Map(expirations.map((expiration) => [expiration.prefix, expiration]));
  const failures: string[] = [];
  const warnings: string[] = [];
  const enough = new Map<string, string[]>();
  for (const need of retentionNeeds(settings)) {
    const expiration = kept.get(need.prefix);
    if (!expiration) {
      warnings.push(`${need.prefix}: the lake did not say how long it keeps it`);
      continue;
    }
    if (keptLongEnough(expiration.expireAfterDays, need)) {
      const group = describeKept(expiration);
      enough.set(group, [...(enough.get(group) ?? []), `${need.prefix}, which ${describeNeed(need)}`]);
    } else {
      const finding = `${need.prefix} ${describeKept(expiration)}, ${describeNeed(need)}`;
      (need.shortfall === 'fail' ? failures : warnings).push(finding);
    }
  }
  const longEnough = [...enough].map(([group, prefixes]) => `${group}: ${prefixes.join('; ')}`).join('. ');
  const status: DoctorStatus = failures.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'pass';
  const title = 'Lake retention covers what the jobs read back';
  if (status === 'pass') return { check: 'retention', status, title, detail: longEnough };
  return {
    check: 'retention',
    status,
    title,
    detail:
      `${[...failures, ...warnings].join('; ')}. Lengthen or remove the lifecycle rules named (the stack ` +
      'expires raw/ and quarantine/ after -c retentionDays), or shorten the settings that need the data; ' +
      `never expire incoming/.${longEnough ? ` Long enough: ${longEnough}.` : ''}`,
  };
}

/** The item when the lake's retention cannot be read (a missing permission, a throttled call). */
export function retentionUnknown(reason: string): DoctorItem {
  return {
    check: 'retention',
    status: 'warn',
    title: 'Lake retention covers what the jobs read back',
    detail:
      `could not read how long the lake keeps its data (${reason}); in AWS, grant the doctor's role ` +
      's3:GetLifecycleConfiguration on the lake bucket',
  };
}

function keptLongEnough(expireAfterDays: number | null, need: RetentionNeed): boolean {
  if (expireAfterDays === null) return true;
  if (need.days === null) return false;
  const margin = need.shortfall === 'warn' ? RETENTION_MARGIN_DAYS : 0;
  return expireAfterDays >= need.days + margin;
}

function describeKept(expiration: PrefixExpiration): string {
  const days = expiration.expireAfterDays;
  return `${days === null ? 'never expires' : `expires after ${days} day${days === 1 ? '' : 's'}`} (${expiration.source})`;
}

function describeNeed(need: RetentionNeed): string {
  if (need.days === null) return `must never expire for ${need.reader}`;
  const margin = need.shortfall === 'warn' ? ` + ${RETENTION_MARGIN_DAYS} to spare` : '';
  return `needs ${need.days} days${margin} for ${need.reader}`;
}

/** Units of types that set no max_unit_span_days use the default, so it is the floor. */
function longestUnitSpanDays(settings: Settings): number {
  return Math.max(
    JOIN_VALIDATION_DEFAULTS.max_unit_span_days,
    ...Object.values(settings.unit_types).map(
      (unitType) => unitType.max_unit_span_days ?? JOIN_VALIDATION_DEFAULTS.max_unit_span_days,
    ),
  );
}
