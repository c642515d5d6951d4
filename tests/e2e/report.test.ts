import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DuckDbQueryEngine,
  duckDbWarehouse,
  WAREHOUSE_FILE,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { DirectoryObjectStore } from '../../lambdas/adapters/local/directory-object-store.ts';
import { OutboxNotifier } from '../../lambdas/adapters/local/outbox-notifier.ts';
import { generateDemoLake } from '../../lambdas/domain/demo/generate-demo-lake.ts';
import { decimalToPico } from '../../lambdas/domain/money.ts';
import { runAlert } from '../../lambdas/jobs/alert.ts';
import { runCompute } from '../../lambdas/jobs/compute.ts';
import { writeDemoLake } from '../../lambdas/jobs/demo.ts';
import { exportView } from '../../lambdas/jobs/export-view.ts';
import { runLand } from '../../lambdas/jobs/land.ts';
import { runReconcile } from '../../lambdas/jobs/reconcile.ts';
import { type ReportResult, runReport } from '../../lambdas/jobs/report.ts';

/**
 * The report in a real browser: a 45-day demo lake goes through land, compute,
 * reconcile, alert and report (the `run` command's order); the page is opened in headless Debian Chromium (FACTS.md) and its dashboard
 * figures are checked against `export` of v_unit_economics_weekly. Screenshots (light and
 * dark theme) go to tests/e2e/out/ (git-ignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const AS_OF = new Date('2026-06-01T06:00:00Z');

interface PageCell {
  readonly column: string;
  readonly value: string;
  readonly text: string;
}

describe('E2E: report', () => {
  let root: string;
  let engine: DuckDbQueryEngine;
  let browser: Browser;
  let page: Page;
  let result: ReportResult;
  let html: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    await access(CHROMIUM).catch(() => {
      throw new Error(
        `The report test needs Debian Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (CI's .ci/run does). Never download a browser with playwright.`,
      );
    });
    root = await mkdtemp(join(tmpdir(), 'aiue-report-'));
    const store = new DirectoryObjectStore(root);
    const clock = { now: () => AS_OF };
    await writeDemoLake(store, generateDemoLake({ seed: 42, days: 45, endDate: '2026-05-31' }));
    await runLand({ store, clock });
    engine = await DuckDbQueryEngine.open({ databasePath: join(root, WAREHOUSE_FILE) });
    const warehouse = duckDbWarehouse(root);
    await runCompute({ store, engine, clock, warehouse }, { asOf: AS_OF });
    await runReconcile({ store, engine, clock, warehouse }, { asOf: AS_OF });
    await runAlert({ store, engine, warehouse, clock, notifier: new OutboxNotifier(store) }, { asOf: AS_OF });
    result = await runReport({ store, engine, warehouse, clock }, { asOf: AS_OF });
    html = await readFile(join(root, result.key), 'utf8');

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(root, result.key)).href);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes the dated report and latest.html with the same bytes', async () => {
    expect(result.key).toBe('reports/2026-06-01/index.html');
    expect(await readFile(join(root, 'reports/latest.html'), 'utf8')).toBe(html);
  });

  it('opens without console errors and fetches nothing but the page itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(join(root, result.key)).href]);
  });

  it('is one self-contained file: no script, no external stylesheet, font or image', () => {
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('shows the dashboard figures of the export of v_unit_economics_weekly for its week', async () => {
    const week = await page.getAttribute('table[data-view="v_unit_economics_weekly"]', 'data-week');
    const shown = await page.$$eval('table[data-view="v_unit_economics_weekly"] tr[data-key]', (rows) =>
      rows.map((row) => ({
        key: row.getAttribute('data-key') ?? '',
        cells: [...row.querySelectorAll('td[data-column]')].map((cell) => ({
          column: cell.getAttribute('data-column') ?? '',
          value: cell.getAttribute('data-value') ?? '',
          text: (cell.textContent ?? '').trim(),
        })),
      })),
    );
    const exported = (
      JSON.parse(await exportView(engine, 'v_unit_economics_weekly', 'json')) as Record<
        string,
        string | null
      >[]
    ).filter((row) => row.week === week);

    // 2026-W22 (25-31 May) is the latest week whose Sunday is published (as of 1 June).
    expect(week).toBe('2026-W22');
    const keyOf = (row: Record<string, string | null>) =>
      [row.environment, row.application, row.workflow, row.currency ?? ''].join('|');
    expect(shown.map((row) => row.key).sort()).toEqual(exported.map(keyOf).sort());
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const row of shown) {
      const source = exported.find((candidate) => keyOf(candidate) === row.key) as Record<
        string,
        string | null
      >;
      expect(row.cells.map((cell) => cell.column)).toEqual([
        'total_cost',
        'allocation_coverage',
        'attempted_units',
        'successful_units',
        'cost_per_attempted_unit',
        'cost_per_successful_unit',
        'failed_unit_cost',
        'wow_cost_per_attempted_unit',
        'wow_cost_per_successful_unit',
      ]);
      for (const cell of row.cells) {
        const exact = source[cell.column] ?? null;
        expect(cell.value, `${row.key} ${cell.column}`).toBe(exact ?? '');
        expectShownAs(cell, exact, `${row.key} ${cell.column}`);
      }
    }
  });

  it('labels the week and each figure with its period and whether it is provisional', async () => {
    const period = await page.textContent('#dashboard .period');

    expect(period).toContain('ISO week 2026-W22 (25–31 May 2026)');
    // support cases stay pending for their 7-day reopen window, so W22 still moves
    expect(period).toMatch(/Provisional: [\d,]+ units pending an outcome/);
    expect(await page.textContent('#trend .period')).toMatch(/ISO weeks 2026-W\d\d to 2026-W22, production/);
  });

  it('shows every section, or says it is not available yet', async () => {
    for (const id of [
      'trend',
      'allocation',
      'reconciliation',
      'alerts',
      'outliers',
      'completeness',
      'join-validation',
    ]) {
      const text = (await page.textContent(`#${id}`)) ?? '';
      const hasTable = (await page.$(`#${id} table, #${id} svg.chart`)) !== null;
      expect(hasTable || /Not available yet/.test(text), id).toBe(true);
    }
    // the demo's umbrella-health support cases carry whole ticket histories: they top the outliers
    expect(await page.textContent('#outliers')).toContain('umbrella-health');
    expect(await page.$$('#trend svg.chart')).toHaveLength(4);
  });

  it('saves light and dark screenshots for a reader to look at', async () => {
    await mkdir(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(OUT, 'report-dark.png'), fullPage: true });
    await expect(access(join(OUT, 'report.png'))).resolves.toBeUndefined();
  });
});

/**
 * The visible text must be the exact figure rounded to the digits shown: checked here
 * with integer arithmetic on pico-units, independently of the report's formatter.
 */
function expectShownAs(cell: PageCell, exact: string | null, where: string): void {
  if (exact === null) {
    expect(['–', 'pending'], where).toContain(cell.text);
    return;
  }
  const signed = cell.text
    .replace(/[▲▼$,%\s]/g, '')
    .replace('−', '-')
    .replace('+', '');
  if (cell.column.endsWith('_units')) {
    expect(signed, where).toBe(exact);
  } else if (cell.column === 'allocation_coverage' || cell.column.startsWith('wow_')) {
    // shown as a percentage with one decimal: within half a tenth of a point
    expect(Math.abs(Number(signed) - Number(exact) * 100), where).toBeLessThanOrEqual(0.05 + 1e-9);
  } else {
    const decimals = (signed.split('.')[1] ?? '').length;
    const halfStep = 5n * 10n ** BigInt(12 - decimals - 1);
    const difference = decimalToPico(signed) - decimalToPico(exact);
    expect(difference <= halfStep && difference >= -halfStep, `${where}: ${cell.text} vs ${exact}`).toBe(
      true,
    );
  }
}
