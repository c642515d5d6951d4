import { describe, expect, it } from 'vitest';
import {
  judgeRetention,
  type PrefixExpiration,
  RETENTION_PREFIXES,
  retentionUnknown,
} from '../../../lambdas/domain/retention.ts';
import { SettingsSchema } from '../../../lambdas/domain/settings.ts';

/**
 * With the default settings (35-day window, 3-month lookback, 7-day unit span) the needs
 * are, by hand: raw/billing_lines/ 31 x 3 = 93 days (fail below); raw/usage_records/ 14
 * (fail below); raw/events/ max(35 + 7, 93) = 93, plus 30 to spare = 123 (warn below);
 * raw/outcomes/ 35 + 30 = 65 (warn below); quarantine/ max(35, 93) + 30 = 123 (warn
 * below); incoming/ never expires (fail otherwise).
 */
const DEFAULTS = SettingsSchema.parse({});

type Days = Partial<Record<(typeof RETENTION_PREFIXES)[number], number | null>>;

/** Every prefix kept forever, except those given. */
function lake(days: Days): PrefixExpiration[] {
  return RETENTION_PREFIXES.map((prefix) => {
    const kept = days[prefix] ?? null;
    return {
      prefix,
      expireAfterDays: kept,
      source: kept === null ? 'no lifecycle rule' : 'lifecycle rule r',
    };
  });
}

const AT_THE_LIMIT: Days = {
  'raw/billing_lines/': 93,
  'raw/usage_records/': 14,
  'raw/events/': 123,
  'raw/outcomes/': 65,
  'quarantine/': 123,
};

describe('Rule: lake retention', () => {
  it('passes when nothing expires, naming what each prefix is needed for', () => {
    // Act
    const item = judgeRetention(lake({}), DEFAULTS);

    // Assess
    expect(item).toMatchObject({ check: 'retention', status: 'pass' });
    expect(item.detail).toMatch(
      /^never expires \(no lifecycle rule\): incoming\/, which must never expire for land/,
    );
    expect(item.detail).toContain(
      'raw/billing_lines/, which needs 93 days for reconcile (3-month lookback);',
    );
    expect(item.detail).toContain('raw/usage_records/, which needs 14 days for the completeness_gap alert');
    expect(item.detail).toContain(
      'raw/events/, which needs 93 days + 30 to spare for a rebuild of the curated requests ' +
        '(35-day window + 7-day unit span, 3-month lookback);',
    );
    expect(item.detail).toContain('raw/outcomes/, which needs 35 days + 30 to spare for a rebuild');
    expect(item.detail).toContain('quarantine/, which needs 93 days + 30 to spare for a review');
  });

  it('passes when every prefix is kept exactly as long as needed', () => {
    // Act
    const item = judgeRetention(lake(AT_THE_LIMIT), DEFAULTS);

    // Assess
    expect(item.status).toBe('pass');
    expect(item.detail).toContain(
      'expires after 93 days (lifecycle rule r): raw/billing_lines/, which needs 93 days',
    );
    expect(item.detail).toContain(
      'expires after 14 days (lifecycle rule r): raw/usage_records/, which needs 14 days',
    );
    expect(item.detail).toContain(
      'expires after 123 days (lifecycle rule r): raw/events/, which needs 93 days + 30',
    );
  });

  it('fails when raw billing lines expire one day before the reconcile lookback ends', () => {
    // Act
    const item = judgeRetention(lake({ ...AT_THE_LIMIT, 'raw/billing_lines/': 92 }), DEFAULTS);

    // Assess: the shortfall comes first, the prefixes kept long enough after it.
    expect(item.status).toBe('fail');
    expect(item.detail).toMatch(
      /^raw\/billing_lines\/ expires after 92 days \(lifecycle rule r\), needs 93 days for reconcile \(3-month lookback\)\. /,
    );
    expect(item.detail).toContain('Long enough: never expires (no lifecycle rule): incoming/');
  });

  it('fails when raw usage records expire before the last complete week is read', () => {
    const item = judgeRetention(lake({ ...AT_THE_LIMIT, 'raw/usage_records/': 13 }), DEFAULTS);

    expect(item.status).toBe('fail');
    expect(item.detail).toMatch(/^raw\/usage_records\/ expires after 13 days/);
  });

  it('warns when a rebuild or a quarantine review has one day less than the margin', () => {
    // Act
    const events = judgeRetention(lake({ ...AT_THE_LIMIT, 'raw/events/': 122 }), DEFAULTS);
    const outcomes = judgeRetention(lake({ ...AT_THE_LIMIT, 'raw/outcomes/': 64 }), DEFAULTS);
    const quarantine = judgeRetention(lake({ ...AT_THE_LIMIT, 'quarantine/': 122 }), DEFAULTS);

    // Assess
    expect([events.status, outcomes.status, quarantine.status]).toEqual(['warn', 'warn', 'warn']);
    expect(events.detail).toMatch(/^raw\/events\/ expires after 122 days/);
    expect(outcomes.detail).toMatch(/^raw\/outcomes\/ expires after 64 days/);
    expect(quarantine.detail).toMatch(/^quarantine\/ expires after 122 days/);
  });

  it('fails when incoming/ expires at all, however late', () => {
    // Act
    const item = judgeRetention(lake({ 'incoming/': 3650 }), DEFAULTS);

    // Assess
    expect(item.status).toBe('fail');
    expect(item.detail).toMatch(
      /^incoming\/ expires after 3650 days \(lifecycle rule r\), must never expire for land, reconcile \(AWS CUR read in place\) and every re-land\./,
    );
  });

  it('fails the stack with -c retentionDays=90, and passes its default of 731', () => {
    // Prepare: the stack's rules expire raw/ and quarantine/ alike.
    const stack = (days: number) =>
      lake({
        'raw/billing_lines/': days,
        'raw/usage_records/': days,
        'raw/events/': days,
        'raw/outcomes/': days,
        'quarantine/': days,
      });

    // Act
    const short = judgeRetention(stack(90), DEFAULTS);
    const standard = judgeRetention(stack(731), DEFAULTS);

    // Assess: 90 < 93 fails reconcile; 90 < 123 warns the events rebuild and the quarantine review;
    // 90 >= 65 keeps the outcomes rebuild, 90 >= 14 the usage records.
    expect(short.status).toBe('fail');
    const [shortfalls, enough] = short.detail.split(' Long enough: ');
    expect(shortfalls).toContain('raw/billing_lines/ expires after 90 days');
    expect(shortfalls).toContain('raw/events/ expires after 90 days');
    expect(shortfalls).toContain('quarantine/ expires after 90 days');
    expect(enough).toContain(
      'expires after 90 days (lifecycle rule r): raw/usage_records/, which needs 14 days',
    );
    expect(enough).toContain('raw/outcomes/, which needs 35 days + 30 to spare');
    expect(enough).not.toContain('raw/billing_lines/');
    expect(standard.status).toBe('pass');
  });

  it('derives the needs from the settings: lookback months and the longest unit span', () => {
    // Prepare: 24 months x 31 = 744 days > 731. A 100-day unit span: max(35 + 100, 93) + 30 = 165.
    const longLookback = SettingsSchema.parse({ reconciliation: { lookback_months: 24 } });
    const longUnits = SettingsSchema.parse({ unit_types: { project: { max_unit_span_days: 100 } } });

    // Act
    const lookback = judgeRetention(lake({ 'raw/billing_lines/': 731 }), longLookback);
    const spanShort = judgeRetention(lake({ 'raw/events/': 164 }), longUnits);
    const spanEnough = judgeRetention(lake({ 'raw/events/': 165 }), longUnits);

    // Assess
    expect(lookback.status).toBe('fail');
    expect(lookback.detail).toMatch(
      /^raw\/billing_lines\/ expires after 731 days .*needs 744 days for reconcile/,
    );
    expect(spanShort.status).toBe('warn');
    expect(spanShort.detail).toMatch(
      /^raw\/events\/ expires after 164 days \(lifecycle rule r\), needs 135 days \+ 30 to spare for a rebuild of the curated requests \(35-day window \+ 100-day unit span/,
    );
    expect(spanEnough.status).toBe('pass');
  });

  it('warns about a prefix the lake did not report', () => {
    const item = judgeRetention(
      lake({}).filter((expiration) => expiration.prefix !== 'quarantine/'),
      DEFAULTS,
    );

    expect(item.status).toBe('warn');
    expect(item.detail).toMatch(/^quarantine\/: the lake did not say how long it keeps it\./);
  });

  it('warns, naming the reason and the permission, when the retention cannot be read', () => {
    const item = retentionUnknown('AccessDenied (HTTP 403): no');

    expect(item).toMatchObject({ check: 'retention', status: 'warn' });
    expect(item.detail).toContain('AccessDenied (HTTP 403): no');
    expect(item.detail).toContain('s3:GetLifecycleConfiguration');
  });
});
