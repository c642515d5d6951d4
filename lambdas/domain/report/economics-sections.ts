import {
  formatChange,
  formatInteger,
  formatMoney,
  formatShare,
  formatUnitCost,
  formatWeekRange,
  ratioOf,
  sumDecimals,
} from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { PRODUCTION, provisionalReasons, type ReportInput, type WeeklyRow } from './report-input.ts';
import { lineChart, shareBar } from './svg-chart.ts';

/**
 * The unit-economics sections: the headline tiles, the first dashboard (by application
 * and workflow), cost per successful unit by week, and allocation coverage. Every figure
 * comes from the weekly export rows; sums across workflows are exact.
 */
const TREND_WEEKS = 8;

export function periodLine(text: string, reasons: readonly string[] | null): SafeHtml {
  const status =
    reasons === null
      ? null
      : reasons.length > 0
        ? html`<span class="badge provisional" title="Figures may still change">Provisional: ${reasons.join('; ')}</span>`
        : html`<span class="badge final">Final</span>`;
  return html`<p class="period">${text}${status ? html` · ${status}` : ''}</p>`;
}

export function weekLabel(week: string): string {
  return `ISO week ${week} (${formatWeekRange(week)})`;
}

const byName = (a: WeeklyRow, b: WeeklyRow) =>
  a.application.localeCompare(b.application) ||
  a.workflow.localeCompare(b.workflow) ||
  (a.currency ?? '').localeCompare(b.currency ?? '');

export function rowsOfWeek(input: ReportInput, week: string | null): WeeklyRow[] {
  return input.weekly.filter((row) => row.week === week);
}

function pendingOf(rows: readonly WeeklyRow[]): number {
  return rows.reduce((total, row) => total + Number(row.pending_units), 0);
}

/** A number cell carrying the exported value, so a reader (or a test) can trace the figure. */
/** The workflow, its application beneath, and the currency code where no symbol shows it. */
export function workflowName(row: {
  readonly application: string;
  readonly workflow: string;
  readonly currency?: string | null;
}): SafeHtml {
  const code = row.currency && !/^(USD|EUR|GBP|JPY)$/.test(row.currency) ? row.currency : null;
  return html`<div class="name">${row.workflow}</div><div class="sub">${row.application}${code ? ` · ${code}` : ''}</div>`;
}

function figure(row: WeeklyRow, column: keyof WeeklyRow, text: string, extraClass = ''): SafeHtml {
  const value = row[column];
  return html`<td class="num${extraClass}" data-column="${column}" data-value="${value ?? ''}">${text}</td>`;
}

/** A change in a cost: up is bad, down is good. */
function costChange(value: string | null): SafeHtml {
  if (value === null) return html`<span class="flat">–</span>`;
  const number = Number(value);
  const text = formatChange(number);
  const css = text === '0.0%' ? 'flat' : number > 0 ? 'up-bad' : 'down-good';
  const arrow = css === 'up-bad' ? '▲ ' : css === 'down-good' ? '▼ ' : '';
  return html`<span class="${css}">${arrow}${text}</span>`;
}

interface CurrencyTotals {
  readonly currency: string | null;
  readonly total: string;
  readonly allocated: string;
  readonly unallocated: string;
  readonly failed: string;
  readonly attempted: number;
  readonly successful: number;
  readonly failedUnits: number;
}

export function totalsByCurrency(rows: readonly WeeklyRow[]): CurrencyTotals[] {
  const currencies = [...new Set(rows.map((row) => row.currency))].sort((a, b) =>
    (a ?? '').localeCompare(b ?? ''),
  );
  return currencies.map((currency) => {
    const of = rows.filter((row) => row.currency === currency);
    const count = (key: 'attempted_units' | 'successful_units' | 'failed_units') =>
      of.reduce((total, row) => total + Number(row[key]), 0);
    return {
      currency,
      total: sumDecimals(of.map((row) => row.total_cost)),
      allocated: sumDecimals(of.map((row) => row.allocated_cost)),
      unallocated: sumDecimals(of.map((row) => row.unallocated_cost)),
      failed: sumDecimals(of.map((row) => row.failed_unit_cost)),
      attempted: count('attempted_units'),
      successful: count('successful_units'),
      failedUnits: count('failed_units'),
    };
  });
}

export interface Tile {
  readonly label: string;
  readonly value: string;
  readonly detail: SafeHtml | string;
}

export function economicsTiles(input: ReportInput): Tile[] {
  if (input.week === null) return [];
  const weeks = [...new Set(input.weekly.map((row) => row.week))].sort();
  const previousWeek = weeks[weeks.indexOf(input.week) - 1];
  const current = totalsByCurrency(
    rowsOfWeek(input, input.week).filter((row) => row.environment === PRODUCTION),
  );
  const previous = totalsByCurrency(
    rowsOfWeek(input, previousWeek ?? null).filter((row) => row.environment === PRODUCTION),
  );
  return current.flatMap((totals) => {
    const before = previous.find((item) => item.currency === totals.currency);
    const change = before ? ratioOf(totals.total, before.total) : null;
    const suffix = current.length > 1 ? ` (${totals.currency ?? 'no currency'})` : '';
    return [
      {
        label: `AI API spend, production${suffix}`,
        value: formatMoney(totals.total, totals.currency),
        detail:
          change === null
            ? 'no previous week to compare'
            : html`${costChange(String(change - 1))} vs ${previousWeek ?? ''}`,
      },
      {
        label: `Allocated to business units${suffix}`,
        value: formatShare(ratioOf(totals.allocated, totals.total)),
        detail: `${formatMoney(totals.unallocated, totals.currency)} names no unit`,
      },
      {
        label: `Successful units${suffix}`,
        value: formatInteger(totals.successful),
        detail: `of ${formatInteger(totals.attempted)} attempted · ${formatInteger(totals.failedUnits)} failed`,
      },
      {
        label: `Spend on failed units${suffix}`,
        value: formatShare(ratioOf(totals.failed, totals.total)),
        detail: `${formatMoney(totals.failed, totals.currency)} of ${formatMoney(totals.total, totals.currency)}`,
      },
    ];
  });
}

const NOTABLE_CHANGE = 0.05;

/** Up to five plain sentences on what moved in the headline week, for readers who read nothing else. */
export function highlights(input: ReportInput): string[] {
  if (input.week === null) return [];
  const rows = rowsOfWeek(input, input.week).filter((row) => row.environment === PRODUCTION);
  const sentences: string[] = [];
  const name = (row: WeeklyRow) => `${row.workflow} (${row.application})`;
  const moves = rows
    .filter((row) => row.wow_cost_per_successful_unit !== null && row.cost_per_successful_unit !== null)
    .map((row) => ({ row, change: Number(row.wow_cost_per_successful_unit) }))
    .sort((a, b) => b.change - a.change);
  const rise = moves[0];
  if (rise && rise.change >= NOTABLE_CHANGE) {
    sentences.push(
      `Cost per successful unit rose ${formatShare(rise.change)} in ${name(rise.row)}, to ${formatUnitCost(rise.row.cost_per_successful_unit, rise.row.currency)}.`,
    );
  }
  const fall = moves[moves.length - 1];
  if (fall && fall.change <= -NOTABLE_CHANGE) {
    sentences.push(
      `Cost per successful unit fell ${formatShare(-fall.change)} in ${name(fall.row)}, to ${formatUnitCost(fall.row.cost_per_successful_unit, fall.row.currency)}.`,
    );
  }
  const waiting = rows.filter(
    (row) => row.cost_per_successful_unit === null && Number(row.pending_units) > 0,
  );
  for (const row of waiting) {
    sentences.push(
      `${name(row)} has no settled success yet this week: ${formatInteger(row.pending_units)} units await their outcome or reopen window.`,
    );
  }
  const leastAllocated = rows
    .filter((row) => row.allocation_coverage !== null)
    .sort((a, b) => Number(a.allocation_coverage) - Number(b.allocation_coverage))[0];
  if (leastAllocated && Number(leastAllocated.allocation_coverage) < 0.95) {
    sentences.push(
      `${name(leastAllocated)} leaves ${formatShare(1 - Number(leastAllocated.allocation_coverage))} of its spend (${formatMoney(leastAllocated.unallocated_cost, leastAllocated.currency)}) on no business unit.`,
    );
  }
  const outlier = input.outliers
    .filter((row) => !row.non_production && row.ratio_to_median !== null)
    .sort((a, b) => Number(b.ratio_to_median) - Number(a.ratio_to_median))[0];
  if (outlier && Number(outlier.ratio_to_median) >= 3) {
    sentences.push(
      `The costliest ${outlier.unit_type.replaceAll('_', ' ')} of ${outlier.workflow} (${outlier.unit_id}, tenant ${outlier.tenant_id ?? 'unknown'}) cost ${Number(outlier.ratio_to_median).toFixed(1)}× the median unit.`,
    );
  }
  return sentences.slice(0, 5);
}

export function renderHighlights(sentences: readonly string[]): SafeHtml {
  if (sentences.length === 0) return html``;
  return html`<section class="card highlights" aria-label="Highlights"><h2>This week</h2><ul>${sentences.map((sentence) => html`<li>${sentence}</li>`)}</ul></section>`;
}

export function renderTiles(tiles: readonly Tile[]): SafeHtml {
  return html`<div class="tiles">${tiles.map(
    (tile) =>
      html`<div class="tile"><div class="label">${tile.label}</div><div class="value">${tile.value}</div><div class="detail">${tile.detail}</div></div>`,
  )}</div>`;
}

const DASHBOARD_HEADINGS = [
  'Total cost',
  'Allocated',
  'Attempted units',
  'Successful units',
  'Cost per attempted unit',
  'Cost per successful unit',
  'Failed-unit cost',
  'WoW per attempted',
  'WoW per success',
];

function dashboardRow(row: WeeklyRow, input: ReportInput): SafeHtml {
  const reasons = provisionalReasons(row.week, input, Number(row.pending_units));
  const key = [row.environment, row.application, row.workflow, row.currency ?? ''].join('|');
  return html`<tr data-key="${key}">
<td>${workflowName(row)}</td>
${figure(row, 'total_cost', formatMoney(row.total_cost, row.currency))}
${figure(row, 'allocation_coverage', formatShare(row.allocation_coverage))}
${figure(row, 'attempted_units', formatInteger(row.attempted_units))}
${figure(row, 'successful_units', formatInteger(row.successful_units))}
${figure(row, 'cost_per_attempted_unit', formatUnitCost(row.cost_per_attempted_unit, row.currency))}
${
  row.cost_per_successful_unit === null && Number(row.pending_units) > 0
    ? html`<td class="num muted" data-column="cost_per_successful_unit" data-value="" title="No successful unit yet: ${formatInteger(row.pending_units)} units await their outcome">pending</td>`
    : figure(row, 'cost_per_successful_unit', formatUnitCost(row.cost_per_successful_unit, row.currency))
}
${figure(row, 'failed_unit_cost', formatMoney(row.failed_unit_cost, row.currency))}
<td class="num" data-column="wow_cost_per_attempted_unit" data-value="${row.wow_cost_per_attempted_unit ?? ''}">${costChange(row.wow_cost_per_attempted_unit)}</td>
<td class="num" data-column="wow_cost_per_successful_unit" data-value="${row.wow_cost_per_successful_unit ?? ''}">${costChange(row.wow_cost_per_successful_unit)}</td>
<td>${reasons.length > 0 ? html`<span class="badge provisional" title="${reasons.join('; ')}">${Number(row.pending_units) > 0 ? `${formatInteger(row.pending_units)} pending` : 'partial week'}</span>` : html`<span class="badge final">Final</span>`}</td>
</tr>`;
}

function totalRows(rows: readonly WeeklyRow[], label: string): SafeHtml[] {
  return totalsByCurrency(rows).map(
    (
      totals,
    ) => html`<tr class="total"><td>${label}${totals.currency ? html` <span class="sub">${totals.currency}</span>` : ''}</td>
<td class="num">${formatMoney(totals.total, totals.currency)}</td>
<td class="num">${formatShare(ratioOf(totals.allocated, totals.total))}</td>
<td class="num">${formatInteger(totals.attempted)}</td>
<td class="num">${formatInteger(totals.successful)}</td>
<td class="num sub" colspan="2" title="Unit costs are only comparable within a workflow">by workflow</td>
<td class="num">${formatMoney(totals.failed, totals.currency)}</td>
<td colspan="3"></td></tr>`,
  );
}

export function dashboardSection(input: ReportInput): SafeHtml {
  const week = input.week;
  if (week === null) {
    return html`<section class="card" id="dashboard"><h2>Unit economics by application and workflow</h2><div class="unavailable">No published results yet: run <code>compute</code> first.</div></section>`;
  }
  const rows = rowsOfWeek(input, week);
  const production = rows.filter((row) => row.environment === PRODUCTION).sort(byName);
  const environments = [...new Set(rows.map((row) => row.environment))]
    .filter((env) => env !== PRODUCTION)
    .sort();
  const reasons = provisionalReasons(week, input, pendingOf(rows));
  const group = (title: string) => html`<tr class="group"><td colspan="11">${title}</td></tr>`;
  return html`<section class="card" id="dashboard">
<div class="section-head"><h2>Unit economics by application and workflow</h2></div>
${periodLine(weekLabel(week), reasons)}
<div class="table-wrap"><table data-view="v_unit_economics_weekly" data-week="${week}">
<thead><tr><th>Workflow <span class="sub">application</span></th>${DASHBOARD_HEADINGS.map((heading) => html`<th class="num wrap">${heading}</th>`)}<th>Status</th></tr></thead>
<tbody>
${group('Production')}
${production.map((row) => dashboardRow(row, input))}
${production.length > 1 ? totalRows(production, 'Production total') : ''}
${environments.map(
  (
    environment,
  ) => html`${group(`${environment} (non-production: reported apart, never in production figures)`)}
${rows
  .filter((row) => row.environment === environment)
  .sort(byName)
  .map((row) => dashboardRow(row, input))}`,
)}
</tbody></table></div>
<p class="note">Cost per successful unit = all of the workflow's spend in the week (failed units, retries and requests that name no unit included) ÷ successful units. Units belong to the week of their first request; a unit is pending while its outcome (or its reopen window) is open. WoW: change against the previous ISO week; ▲ in red is a cost going up.</p>
</section>`;
}

function tickFormatter(currency: string | null, top: number): (value: number) => string {
  const decimals = top < 0.1 ? 3 : top < 10 ? 2 : 0;
  return (value) => formatMoney(value.toFixed(decimals), currency, decimals);
}

export function trendSection(input: ReportInput): SafeHtml {
  const weeks = [...new Set(input.weekly.map((row) => row.week))].sort().slice(-TREND_WEEKS);
  const series = new Map<string, WeeklyRow[]>();
  for (const row of input.weekly.filter(
    (item) => item.environment === PRODUCTION && weeks.includes(item.week),
  )) {
    const key = [row.application, row.workflow, row.currency ?? ''].join('|');
    series.set(key, [...(series.get(key) ?? []), row]);
  }
  const cards = [...series.values()]
    .sort((a, b) => byName(a[0] as WeeklyRow, b[0] as WeeklyRow))
    .map((rows) => {
      const first = rows[0] as WeeklyRow;
      const points = weeks.map((week) => {
        const row = rows.find((item) => item.week === week);
        const value = row?.cost_per_successful_unit ?? null;
        const provisional =
          row !== undefined && provisionalReasons(week, input, Number(row.pending_units)).length > 0;
        return {
          label: week.slice(5),
          value: value === null ? null : Number(value),
          provisional,
          title: `${week}: ${value === null ? 'no successful unit' : `${formatUnitCost(value, first.currency)} per successful unit`}${provisional ? ' (provisional)' : ''}`,
        };
      });
      const headline = rows.find((row) => row.week === input.week);
      const top = Math.max(0, ...points.map((point) => point.value ?? 0));
      return html`<div class="chart-card">
<div class="chart-head"><div>${workflowName(first)}</div><div class="num"><div class="figure">${
        headline?.cost_per_successful_unit === null && Number(headline?.pending_units ?? 0) > 0
          ? html`<span class="muted">pending</span>`
          : formatUnitCost(headline?.cost_per_successful_unit ?? null, first.currency)
      }</div><div class="sub">${input.week ?? ''}${headline?.wow_cost_per_successful_unit ? html` · ${costChange(headline.wow_cost_per_successful_unit)} WoW` : ''}</div></div></div>
${lineChart({
  points,
  formatTick: tickFormatter(first.currency, top),
  label: `Cost per successful unit by ISO week for ${first.application} / ${first.workflow}`,
})}
</div>`;
    });
  const firstWeek = weeks[0];
  const lastWeek = weeks[weeks.length - 1];
  return html`<section class="card" id="trend">
<div class="section-head"><h2>Cost per successful unit, by week</h2></div>
${periodLine(firstWeek && lastWeek ? `ISO weeks ${firstWeek} to ${lastWeek}, production` : 'No weeks published yet', null)}
${cards.length > 0 ? html`<div class="charts">${cards}</div>` : html`<div class="unavailable">No production units published yet.</div>`}
<p class="legend"><svg width="26" height="10" aria-hidden="true"><line class="series" x1="1" y1="5" x2="25" y2="5" style="stroke:var(--accent);stroke-width:2"/></svg> final
&nbsp; <svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" style="stroke:var(--accent);stroke-width:2;stroke-dasharray:4 3"/></svg> provisional (week in progress or outcomes pending) · a gap is a week without a successful unit</p>
</section>`;
}

export function allocationSection(input: ReportInput): SafeHtml {
  if (input.week === null) return html``;
  const rows = rowsOfWeek(input, input.week)
    .filter((row) => row.environment === PRODUCTION)
    .sort(
      (a, b) =>
        (a.allocation_coverage === null ? 2 : Number(a.allocation_coverage)) -
          (b.allocation_coverage === null ? 2 : Number(b.allocation_coverage)) || byName(a, b),
    );
  const line = (
    name: SafeHtml,
    currency: string | null,
    total: string,
    allocated: string,
    unallocated: string,
  ) => {
    const share = ratioOf(allocated, total);
    return html`<tr><td>${name}</td>
<td class="num">${formatMoney(total, currency)}</td>
<td class="num">${formatMoney(allocated, currency)}</td>
<td class="num">${formatMoney(unallocated, currency)}</td>
<td class="num">${shareBar(share, `${formatShare(share)} allocated`)}${formatShare(share)}</td></tr>`;
  };
  return html`<section class="card" id="allocation">
<div class="section-head"><h2>Allocation coverage</h2></div>
${periodLine(`${weekLabel(input.week)}, production`, null)}
<div class="table-wrap"><table>
<thead><tr><th>Workflow <span class="sub">application</span></th><th class="num">Total cost</th><th class="num">Allocated to units</th><th class="num">Names no unit</th><th class="num">Coverage</th></tr></thead>
<tbody>
${rows.map((row) =>
  line(workflowName(row), row.currency, row.total_cost, row.allocated_cost, row.unallocated_cost),
)}
${totalsByCurrency(rows).map(
  (totals) =>
    html`${line(html`<strong>Production total</strong>`, totals.currency, totals.total, totals.allocated, totals.unallocated)}`,
)}
</tbody></table></div>
<p class="note">Spend that names no business unit cannot be charged to a unit; it still counts in every cost per unit. Lowest coverage first.</p>
</section>`;
}
