import { html, type SafeHtml } from './html.ts';

/**
 * A small line chart as inline SVG: one series over labelled steps (ISO weeks), a zero
 * baseline, a few round gridlines, hollow markers and a dashed line into provisional
 * points. Colours come from the page's CSS classes, so the chart follows the light or
 * dark theme. Values are doubles: a chart only needs the shape.
 */
export interface ChartPoint {
  readonly label: string;
  /** null: no value that step (no successful unit); the line breaks there. */
  readonly value: number | null;
  readonly provisional: boolean;
  /** The exact figure as the reader should see it in the tooltip. */
  readonly title: string;
}

export interface LineChartOptions {
  readonly points: readonly ChartPoint[];
  readonly formatTick: (value: number) => string;
  /** Accessible description of the chart. */
  readonly label: string;
  readonly width?: number;
  readonly height?: number;
}

/** Round tick values from 0 to at least `max`: steps of 1, 2, 2.5 or 5 times a power of ten. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  if ((ticks[ticks.length - 1] ?? 0) < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

export function lineChart(options: LineChartOptions): SafeHtml {
  const width = options.width ?? 320;
  const height = options.height ?? 150;
  const margin = { top: 10, right: 12, bottom: 22, left: 54 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const values = options.points
    .map((point) => point.value)
    .filter((value): value is number => value !== null);
  const ticks = niceTicks(Math.max(0, ...values));
  const top = ticks[ticks.length - 1] ?? 1;
  const steps = options.points.length;
  const x = (index: number) => margin.left + (steps <= 1 ? plotWidth / 2 : (index * plotWidth) / (steps - 1));
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const round = (value: number) => Math.round(value * 10) / 10;

  const grid = ticks.map(
    (tick) =>
      html`<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${round(y(tick))}" y2="${round(y(tick))}"/><text class="tick" x="${margin.left - 6}" y="${round(y(tick)) + 3.5}" text-anchor="end">${options.formatTick(tick)}</text>`,
  );
  const labels = options.points.map((point, index) =>
    // Thin the labels when there are many steps; always keep the last.
    index === steps - 1 || steps <= 8 || index % 2 === (steps - 1) % 2
      ? html`<text class="tick" x="${round(x(index))}" y="${height - 6}" text-anchor="middle">${point.label}</text>`
      : null,
  );
  const segments = options.points.slice(1).map((point, offset) => {
    const previous = options.points[offset] as ChartPoint;
    if (previous.value === null || point.value === null) return null;
    const dashed = point.provisional || previous.provisional;
    return html`<line class="${dashed ? 'series provisional' : 'series'}" x1="${round(x(offset))}" y1="${round(y(previous.value))}" x2="${round(x(offset + 1))}" y2="${round(y(point.value))}"/>`;
  });
  const markers = options.points.map((point, index) =>
    point.value === null
      ? null
      : html`<circle class="${point.provisional ? 'marker provisional' : 'marker'}" cx="${round(x(index))}" cy="${round(y(point.value))}" r="3.5"><title>${point.title}</title></circle>`,
  );
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${options.label}">${grid}${labels}${segments}${markers}</svg>`;
}

/** A horizontal bar for a share (0..1), for tables; empty when there is no value. */
export function shareBar(share: number | null, label: string): SafeHtml {
  if (share === null) return html``;
  const width = Math.max(0, Math.min(1, share)) * 100;
  return html`<svg class="bar" viewBox="0 0 100 8" width="100" height="8" role="img" aria-label="${label}"><rect class="bar-track" x="0" y="0" width="100" height="8" rx="2"/><rect class="bar-fill" x="0" y="0" width="${Math.round(width * 10) / 10}" height="8" rx="2"/></svg>`;
}
