/**
 * The report's stylesheet: system fonts only (nothing is fetched), tabular figures, and
 * one set of colour variables for the light theme and one for `prefers-color-scheme:
 * dark`; the inline SVG charts take their colours from the same variables.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f8; --card: #ffffff; --text: #16202b; --muted: #5a6673; --border: #dfe4ea;
  --accent: #2457c5; --accent-soft: #dbe6fb; --good: #17803d; --bad: #b42318; --warn: #a15c07;
  --good-soft: #e3f4e8; --bad-soft: #fde7e4; --warn-soft: #fdf0d9; --grid: #e6eaef; --head: #f7f9fb;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1217; --card: #161b22; --text: #e4e9ef; --muted: #97a3b1; --border: #2a323c;
    --accent: #6ea2ff; --accent-soft: #1d2e4f; --good: #4cc97a; --bad: #ff7b72; --warn: #f0b454;
    --good-soft: #15301f; --bad-soft: #3a1a19; --warn-soft: #3a2b12; --grid: #252c35; --head: #1b2129;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
header.page { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 12px; margin-bottom: 18px; }
h1 { font-size: 24px; margin: 0; letter-spacing: -0.01em; }
h2 { font-size: 17px; margin: 0; }
h3 { font-size: 14px; margin: 0 0 2px; font-weight: 600; }
.subtitle, .period, .note, .muted { color: var(--muted); }
.subtitle { margin: 4px 0 0; }
.period { margin: 2px 0 12px; font-size: 13px; }
.note { font-size: 12.5px; margin: 10px 0 0; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; margin: 0 0 18px; }
nav.toc a { color: var(--accent); text-decoration: none; }
section.card { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px; }
.section-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 0 0 18px; }
.tile { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; }
.tile .label { color: var(--muted); font-size: 12.5px; }
.tile .value { font-size: 24px; font-weight: 650; margin: 2px 0; letter-spacing: -0.01em; }
.tile .detail { font-size: 12.5px; color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { text-align: left; font-weight: 600; color: var(--muted); background: var(--head); font-size: 12px; white-space: nowrap; vertical-align: bottom; }
th.num.wrap { white-space: normal; min-width: 62px; max-width: 92px; }
th .sub { display: block; font-weight: 400; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 650; border-top: 2px solid var(--border); }
tr.group td { background: var(--head); color: var(--muted); font-size: 12px; font-weight: 600; }
.name { font-weight: 600; }
.nowrap { white-space: nowrap; }
.sub { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.badge.final { background: var(--good-soft); color: var(--good); }
.badge.provisional { background: var(--warn-soft); color: var(--warn); }
.badge.critical, .badge.fail { background: var(--bad-soft); color: var(--bad); }
.badge.warning, .badge.warn { background: var(--warn-soft); color: var(--warn); }
.badge.info, .badge.pass { background: var(--accent-soft); color: var(--accent); }
.badge.pass { background: var(--good-soft); color: var(--good); }
.up-bad { color: var(--bad); } .down-good { color: var(--good); } .flat { color: var(--muted); }
.unavailable { border: 1px dashed var(--border); border-radius: 8px; padding: 12px 14px; color: var(--muted); background: var(--head); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; }
.chart-card { border: 1px solid var(--border); border-radius: 8px; padding: 12px 12px 6px; }
.chart-card .figure { font-size: 18px; font-weight: 650; }
.chart-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 8px; }
.chart-head .num { text-align: right; white-space: nowrap; }
svg.chart { display: block; max-width: 100%; height: auto; margin-top: 4px; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 10px; font-family: inherit; }
svg .series { stroke: var(--accent); stroke-width: 2; fill: none; }
svg .series.provisional { stroke-dasharray: 4 3; }
svg .marker { fill: var(--accent); stroke: var(--card); stroke-width: 1.5; }
svg .marker.provisional { fill: var(--card); stroke: var(--accent); stroke-width: 2; }
svg.bar { vertical-align: middle; margin-right: 6px; }
svg .bar-track { fill: var(--grid); }
svg .bar-fill { fill: var(--accent); }
.legend { font-size: 12px; color: var(--muted); margin: 10px 0 0; }
.legend svg { vertical-align: middle; }
.highlights ul { margin: 8px 0 0; padding-left: 20px; }
.highlights li { margin: 3px 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0 0; }
footer dt { font-weight: 600; }
footer dd { margin: 0; }
@media print { body { background: #fff; } section.card, .tile { break-inside: avoid; } }
`;
