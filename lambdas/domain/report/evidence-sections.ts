import { isoWeekDays } from '../alerts/periods.ts';
import { findRule } from '../alerts/rules.ts';
import { type CostOutlierRow, formatRatio } from '../cost-outliers.ts';
import { joinValidationStatus } from '../join-validation.ts';
import { periodLine, weekLabel, workflowName } from './economics-sections.ts';
import {
  formatChange,
  formatInteger,
  formatMoney,
  formatShare,
  formatUnitCost,
  isZero,
  ratioOf,
  sumDecimals,
} from './format.ts';
import { html, type SafeHtml } from './html.ts';
import type { Loaded, ReportInput, TextRow } from './report-input.ts';

/**
 * The sections that prove and explain the figures: reconciliation with the bill, open
 * alerts, data completeness, the costliest units and the join validation. A section whose
 * view does not exist yet says so, and fills in by itself once it does.
 */
function unavailable<T>(section: Exclude<Loaded<T>, { state: 'available' }>): SafeHtml {
  return section.state === 'not_available'
    ? html`<div class="unavailable">Not available yet: ${section.reason}</div>`
    : html`<div class="unavailable"><span class="badge fail">Could not be read</span> ${section.message}</div>`;
}

function card(id: string, title: string, body: SafeHtml): SafeHtml {
  return html`<section class="card" id="${id}"><div class="section-head"><h2>${title}</h2></div>${body}</section>`;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const money = (row: TextRow, key: string) => {
  const value = row[key];
  return value !== undefined && value !== null && DECIMAL.test(value) ? value : null;
};

export function reconciliationSection(input: ReportInput): SafeHtml {
  const section = input.reconciliation;
  if (section.state !== 'available') {
    return card(
      'reconciliation',
      'Reconciliation with the bill',
      html`${periodLine('Billing periods, per provider', null)}${unavailable(section)}`,
    );
  }
  const periods = [...new Set(section.value.map((row) => row.billing_period ?? ''))]
    .filter(Boolean)
    .sort()
    .reverse()
    .slice(0, 3);
  const openFrom = input.asOf.slice(0, 7);
  const openPeriods = periods
    .filter((period) =>
      section.value.some(
        (row) => row.billing_period === period && (period >= openFrom || row.status === 'period_open'),
      ),
    )
    .sort();
  const groups = new Map<string, TextRow[]>();
  for (const row of section.value.filter((item) => periods.includes(item.billing_period ?? ''))) {
    const key = [row.billing_period, row.provider, row.currency].join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const sum = (rows: readonly TextRow[], ...keys: string[]) =>
    sumDecimals(rows.flatMap((row) => keys.map((key) => money(row, key))));
  const line = (rows: readonly TextRow[]) => {
    const first = rows[0] as TextRow;
    const currency = first.currency ?? null;
    const usage = sum(rows, 'billed_usage_cost');
    const total = sum(rows, 'billed_total');
    const adjusted = sum(rows, 'adjusted_variance');
    const raw = sum(rows, 'raw_variance');
    const open = openPeriods.includes(first.billing_period ?? '');
    // An open period with nothing billed yet has no variance to speak of.
    const awaiting = open && isZero(total) && isZero(usage);
    return html`<tr>
<td class="name">${first.provider}</td>
<td class="num">${formatMoney(sum(rows, 'estimated_cost'), currency)}</td>
<td class="num">${formatMoney(usage, currency)}</td>
<td class="num">${awaiting ? html`<span class="muted">awaiting bill</span>` : formatMoney(adjusted, currency)}</td>
<td class="num">${awaiting ? '–' : formatChange(ratioOf(adjusted, usage))}</td>
<td class="num">${formatMoney(sum(rows, 'credits', 'refunds', 'commitments', 'fees', 'corrections'), currency)}</td>
<td class="num">${formatMoney(sum(rows, 'taxes'), currency)}</td>
<td class="num">${formatMoney(total, currency)}</td>
<td class="num">${awaiting ? '–' : formatChange(ratioOf(raw, total))}</td>
<td>${open ? html`<span class="badge provisional">open period</span>` : statusBadges(rows)}</td>
</tr>`;
  };
  const body = periods.map((period) => {
    const ofPeriod = [...groups.values()]
      .filter((rows) => rows[0]?.billing_period === period)
      .sort((a, b) => (a[0]?.provider ?? '').localeCompare(b[0]?.provider ?? ''));
    return html`<tr class="group"><td colspan="10">${period}${openPeriods.includes(period) ? ' · open: figures will move until the bill is final' : ''}</td></tr>${ofPeriod.map(line)}`;
  });
  return card(
    'reconciliation',
    'Reconciliation with the bill',
    html`${periodLine(`Billing periods ${periods[periods.length - 1] ?? ''} to ${periods[0] ?? ''}, per provider (all accounts and SKUs)`, openPeriods.length > 0 ? [`billing period ${openPeriods.join(', ')} still open`] : [])}
<div class="table-wrap"><table>
<thead><tr><th>Provider</th><th class="num wrap">Our estimate</th><th class="num wrap">Billed usage</th><th class="num wrap">Variance after adjustments</th><th class="num">%</th><th class="num wrap">Credits, refunds, fees</th><th class="num">Tax</th><th class="num wrap">Billed total</th><th class="num wrap">Variance before adjustments</th><th>Status</th></tr></thead>
<tbody>${body}</tbody></table></div>
<p class="note">Variance after adjustments = billed usage − our estimate, as a share of billed usage; before adjustments it compares the whole bill (credits, tax, refunds, commitments and fees included). Source: v_reconciliation.</p>`,
  );
}

/** The latest billing period no line calls open (and not the as-of month), or undefined. */
export function latestClosedPeriod(input: ReportInput): string | undefined {
  if (input.reconciliation.state !== 'available') return undefined;
  const rows = input.reconciliation.value;
  const stillOpen = new Set(
    rows.filter((row) => row.status === 'period_open').map((row) => row.billing_period),
  );
  const closed = [...new Set(rows.map((row) => row.billing_period ?? ''))]
    .filter((period) => period !== '' && period < input.asOf.slice(0, 7) && !stillOpen.has(period))
    .sort();
  return closed[closed.length - 1];
}

/** One sentence per provider whose latest closed bill breaches the variance threshold. */
export function reconciliationHighlights(input: ReportInput): string[] {
  const period = latestClosedPeriod(input);
  if (input.reconciliation.state !== 'available' || period === undefined) return [];
  const rows = input.reconciliation.value.filter((row) => row.billing_period === period);
  const providers = [
    ...new Set(rows.filter((row) => row.status === 'breach').map((row) => row.provider ?? '')),
  ].sort();
  return providers.flatMap((provider) => {
    const ofProvider = rows.filter((row) => row.provider === provider);
    if (new Set(ofProvider.map((row) => row.currency)).size !== 1) return [];
    const variance = sumDecimals(ofProvider.map((row) => money(row, 'adjusted_variance')));
    const usage = sumDecimals(ofProvider.map((row) => money(row, 'billed_usage_cost')));
    const share = ratioOf(variance, usage);
    if (share === null) return [];
    return [
      `${provider}'s ${period} bill is ${formatShare(Math.abs(share))} ${share > 0 ? 'above' : 'below'} our estimate after adjustments (${formatMoney(variance, ofProvider[0]?.currency ?? null)}): over the reconciliation threshold.`,
    ];
  });
}

const STATUS_LABELS: Readonly<Record<string, readonly [label: string, css: string]>> = {
  within_threshold: ['within threshold', 'pass'],
  breach: ['breach', 'fail'],
  period_open: ['open period', 'provisional'],
  no_billing_data: ['no bill yet', 'warn'],
  no_estimate: ['no estimate', 'warn'],
};

/** The statuses of a period's lines, worst first, each with how many lines have it. */
function statusBadges(rows: readonly TextRow[]): SafeHtml {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.status ?? 'unknown', (counts.get(row.status ?? 'unknown') ?? 0) + 1);
  const order = ['breach', 'no_estimate', 'no_billing_data', 'period_open', 'within_threshold'];
  return html`${[...counts]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([status, lines]) => {
      const [label, css] = STATUS_LABELS[status] ?? [status, 'warn'];
      return html`<span class="badge ${css}" title="${lines} of ${rows.length} lines">${label}${rows.length > 1 ? ` ×${lines}` : ''}</span> `;
    })}`;
}

const SCOPE_FIELDS = [
  'environment',
  'application',
  'workflow',
  'tenant_id',
  'provider',
  'model_or_deployment',
  'source',
];
const MAX_ALERTS = 12;

export function openAlertCount(
  input: ReportInput,
): { critical: number; warning: number; info: number } | null {
  if (input.alerts.state !== 'available') return null;
  const count = (severity: string) =>
    input.alerts.state === 'available'
      ? input.alerts.value.filter((row) => row.severity === severity).length
      : 0;
  return { critical: count('critical'), warning: count('warning'), info: count('info') };
}

export function alertsSection(input: ReportInput): SafeHtml {
  const section = input.alerts;
  if (section.state !== 'available') {
    return card(
      'alerts',
      'Open alerts',
      html`${periodLine('As of the last alert run', null)}${unavailable(section)}`,
    );
  }
  const rows = section.value.slice(0, MAX_ALERTS).map((row) => {
    const scope = SCOPE_FIELDS.map((field) => row[field])
      .filter((value): value is string => Boolean(value))
      .join(' / ');
    const title = findRule(row.rule ?? '')?.title ?? row.rule ?? '';
    return html`<tr>
<td><span class="badge ${row.severity ?? 'info'}">${row.severity}</span></td>
<td><div class="name">${title}</div><div class="sub">${row.summary ?? ''}</div></td>
<td>${scope || '–'}</td><td class="nowrap">${row.period}</td><td class="nowrap">${(row.first_seen ?? '').slice(0, 10)}</td>
<td class="sub">${row.suggested_action ?? ''}</td></tr>`;
  });
  return card(
    'alerts',
    'Open alerts',
    html`${periodLine('As of the last alert run', null)}
${
  section.value.length === 0
    ? html`<p>No open alerts.</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>Severity</th><th>Alert</th><th>Scope</th><th>Period</th><th>Since</th><th>Suggested action</th></tr></thead><tbody>${rows}</tbody></table></div>
${section.value.length > MAX_ALERTS ? html`<p class="note">And ${section.value.length - MAX_ALERTS} more in v_alerts.</p>` : ''}`
}`,
  );
}

const COMPLETENESS_COLUMNS = [
  'day',
  'source',
  'application',
  'environment',
  'application_events',
  'allocated_events',
  'unit_joined_events',
  'provider_usage_records',
  'events_without_usage_record',
  'usage_records_without_event',
  'unmatched_provider_tokens',
  'provider_tokens',
];
const APPLICATION_SOURCE = 'cost_events';

export function completenessSection(input: ReportInput): SafeHtml {
  const section = input.completeness;
  const title = 'Data completeness';
  if (section.state !== 'available') {
    return card(
      'completeness',
      title,
      html`${periodLine('Per day, source and application', null)}${unavailable(section)}`,
    );
  }
  const missing = COMPLETENESS_COLUMNS.filter(
    (column) => section.value.length > 0 && !(column in (section.value[0] ?? {})),
  );
  if (input.week === null || section.value.length === 0 || missing.length > 0) {
    return card(
      'completeness',
      title,
      html`${periodLine('Per day, source and application', null)}<div class="unavailable">${
        missing.length > 0
          ? `v_data_completeness lacks the columns ${missing.join(', ')}; export it to read it.`
          : 'No day has completeness figures yet.'
      }</div>`,
    );
  }
  const { from: first, to: last } = isoWeekDays(input.week);
  const rows = section.value.filter((row) => (row.day ?? '') >= first && (row.day ?? '') <= last);
  const groups = new Map<string, TextRow[]>();
  for (const row of rows) {
    const key = [row.source, row.application ?? '', row.environment ?? '', row.provider ?? ''].join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const count = (group: readonly TextRow[], column: string) =>
    group.reduce(
      (total, row) => total + BigInt(/^-?\d+$/.test(row[column] ?? '') ? (row[column] as string) : '0'),
      0n,
    );
  const share = (part: bigint, whole: bigint) =>
    whole === 0n ? null : Number((part * 1_000_000n) / whole) / 1_000_000;
  const ordered = [...groups.values()].sort((a, b) => {
    const x = a[0] as TextRow;
    const y = b[0] as TextRow;
    return (
      (x.source ?? '').localeCompare(y.source ?? '') ||
      (x.environment ?? '').localeCompare(y.environment ?? '') ||
      (x.application ?? '').localeCompare(y.application ?? '')
    );
  });
  const telemetry = ordered.filter((group) => group[0]?.source === APPLICATION_SOURCE);
  const usage = ordered.filter((group) => group[0]?.source !== APPLICATION_SOURCE);
  const telemetryTable = html`<h3>Application telemetry</h3><div class="table-wrap"><table>
<thead><tr><th>Application</th><th>Environment</th><th class="num">Requests</th><th class="num">Naming a unit</th><th class="num">Unit has an outcome event</th><th class="num">Spend on no unit</th></tr></thead>
<tbody>${telemetry.map((group) => {
    const head = group[0] as TextRow;
    const events = count(group, 'application_events');
    const allocated = count(group, 'allocated_events');
    const currencies = new Set(group.map((row) => row.currency ?? ''));
    const unallocated =
      currencies.size === 1
        ? ratioOf(
            sumDecimals(group.map((row) => decimalOf(row.unallocated_cost))),
            sumDecimals(group.map((row) => decimalOf(row.total_cost))),
          )
        : null;
    return html`<tr><td class="name">${head.application ?? '–'}</td><td>${head.environment ?? '–'}</td><td class="num">${formatInteger(events.toString())}</td><td class="num">${formatShare(share(allocated, events))}</td><td class="num">${formatShare(share(count(group, 'unit_joined_events'), allocated))}</td><td class="num">${formatShare(unallocated)}</td></tr>`;
  })}</tbody></table></div>`;
  const usageTable =
    usage.length === 0
      ? html`<p class="note">No provider usage records (Bedrock invocation logs, OpenAI or Anthropic usage) landed this week, so requests cannot be checked against the provider's own count.</p>`
      : html`<h3 style="margin-top:14px">Provider usage against application telemetry</h3><div class="table-wrap"><table>
<thead><tr><th>Source</th><th>Application</th><th class="num">Usage records</th><th class="num">Requests without a usage record</th><th class="num">Usage records without a request</th><th class="num">Provider tokens no request explains</th></tr></thead>
<tbody>${usage.map((group) => {
          const head = group[0] as TextRow;
          const gap = share(count(group, 'unmatched_provider_tokens'), count(group, 'provider_tokens'));
          return html`<tr><td class="name">${head.source}</td><td>${head.application ?? '–'}${head.environment ? html` <span class="sub">${head.environment}</span>` : ''}</td><td class="num">${formatInteger(count(group, 'provider_usage_records').toString())}</td><td class="num">${formatInteger(count(group, 'events_without_usage_record').toString())}</td><td class="num">${formatInteger(count(group, 'usage_records_without_event').toString())}</td><td class="num ${gap !== null && gap > 0.02 ? 'up-bad' : ''}">${formatShare(gap)}</td></tr>`;
        })}</tbody></table></div>`;
  const reasons =
    input.publishedThrough !== null && last > input.publishedThrough
      ? [`data through ${input.publishedThrough}`]
      : [];
  return card(
    'completeness',
    title,
    html`${periodLine(weekLabel(input.week), reasons)}${telemetryTable}${usageTable}
<p class="note">Requests naming a unit, and units whose outcome arrived, show whether the joins behind every cost per unit hold. Source: v_data_completeness.</p>`,
  );
}

function decimalOf(value: string | null | undefined): string | null {
  return value !== undefined && value !== null && DECIMAL.test(value) ? value : null;
}

export function outliersSection(input: ReportInput): SafeHtml {
  const week = input.week;
  // Leadership reads production; non-production units are ranked apart and shown by `outliers`.
  const rows = input.outliers.filter((row) => !row.non_production);
  const groups = new Map<string, CostOutlierRow[]>();
  for (const row of rows) {
    const key = [row.application, row.workflow, row.currency ?? ''].join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const body =
    week === null || rows.length === 0
      ? html`<div class="unavailable">No published units yet.</div>`
      : html`<div class="table-wrap"><table>
<thead><tr><th class="num">#</th><th>Unit</th><th>Tenant</th><th class="num">Cost</th><th class="num">× median</th><th class="num">Input tokens</th><th class="num">Cached</th><th class="num">Output tokens</th><th class="num">Requests (retries)</th><th>Fallback</th><th>Outcome</th></tr></thead>
<tbody>${[...groups.values()].map((group) => {
          const first = group[0] as CostOutlierRow;
          return html`<tr class="group"><td colspan="11">${first.workflow} · ${first.application} · median unit ${formatUnitCost(first.median_unit_cost, first.currency)} over ${formatInteger(first.units_in_group)} units</td></tr>${group.map(outlierRow)}`;
        })}</tbody></table></div>`;
  return card(
    'outliers',
    'Costliest units',
    html`${week ? periodLine(`${weekLabel(week)}, production, top 3 per workflow`, null) : ''}${body}
<p class="note">× median: the unit's cost over the median unit cost of its workflow that week. Large input with a low cached share points at prompt size; many retries or a fallback at reliability; an abandoned or reopened outcome at work redone. Source: v_cost_outliers.</p>`,
  );
}

function outlierRow(row: CostOutlierRow): SafeHtml {
  const flags = row.outcome_flag && row.outcome_flag !== row.outcome ? [row.outcome_flag] : [];
  const alarming = ['abandoned', 'reopened', 'rejected', 'escalated'].includes(row.outcome);
  return html`<tr>
<td class="num">${row.cost_rank}</td>
<td><div class="name">${row.unit_id}</div><div class="sub">${row.unit_type}</div></td>
<td>${row.tenant_id ?? '–'}</td>
<td class="num">${formatUnitCost(row.cost, row.currency)}</td>
<td class="num">${formatRatio(row.ratio_to_median)}</td>
<td class="num">${formatInteger(row.input_tokens)}</td>
<td class="num">${formatShare(row.cached_share, 0)}</td>
<td class="num">${formatInteger(row.output_tokens)}</td>
<td class="num">${row.requests} (${row.retries})</td>
<td>${row.fallback_used ? `yes (${row.fallback_requests})` : 'no'}</td>
<td>${alarming ? html`<span class="badge warn">${row.outcome}</span>` : row.outcome}${flags.map((flag) => html` <span class="badge warn">${flag}</span>`)}${row.outcome_class === 'pending' && row.outcome !== 'pending' ? html`<div class="sub">in reopen window</div>` : ''}</td>
</tr>`;
}

export function joinValidationSection(input: ReportInput): SafeHtml {
  const section = input.joinValidation;
  if (section.state !== 'available') {
    return card('join-validation', 'Join validation', unavailable(section));
  }
  const validation = section.value;
  const status = joinValidationStatus(validation);
  return card(
    'join-validation',
    'Join validation',
    html`${periodLine(`Cohort days ${validation.window.from} to ${validation.window.to}`, null)}
<div class="table-wrap"><table><thead><tr><th>Check</th><th class="num">Failing</th><th>What it catches</th></tr></thead><tbody>
${validation.checks.map(
  (check) =>
    html`<tr><td><span class="badge ${check.status}">${check.status}</span> ${check.title}</td><td class="num">${formatInteger(check.failing)}</td><td class="sub">${check.explains}</td></tr>`,
)}
</tbody></table></div>
<h3 style="margin-top:14px">Requests per unit</h3>
<div class="table-wrap"><table><thead><tr><th>Environment</th><th>Workflow <span class="sub">application</span></th><th class="num">Units</th><th class="num">Mean</th><th class="num">Median</th><th class="num">90th pct</th><th class="num">Max</th><th class="num">Single-request units</th></tr></thead><tbody>
${validation.requestsPerUnit.map(
  (row) =>
    html`<tr><td>${row.environment}</td><td>${workflowName(row)}</td><td class="num">${formatInteger(row.units)}</td><td class="num">${Number(row.mean_requests).toFixed(1)}</td><td class="num">${row.median_requests}</td><td class="num">${row.p90_requests}</td><td class="num">${row.max_requests}</td><td class="num">${formatShare(Number(row.single_request_units) / Math.max(1, Number(row.units)), 0)}</td></tr>`,
)}
</tbody></table></div>
<p class="note">${status === 'pass' ? 'Every check passes.' : 'Each failing row is a unit or request to fix at its source; run `ai-unit-economics doctor` for examples.'}</p>`,
  );
}
