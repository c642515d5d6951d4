import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DuckDbQueryEngine,
  duckDbWarehouse,
  WAREHOUSE_FILE,
} from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { generateDemoLake } from '../../../lambdas/domain/demo/generate-demo-lake.ts';
import { InvalidInputError } from '../../../lambdas/domain/errors.ts';
import { FINANCE_VIEW_NAMES, FINANCE_VIEWS } from '../../../lambdas/domain/finance-views.ts';
import { formatReconciliationTable } from '../../../lambdas/domain/reconciliation.ts';
import { writeDemoLake } from '../../../lambdas/jobs/demo.ts';
import { exportView } from '../../../lambdas/jobs/export-view.ts';
import { runLand } from '../../../lambdas/jobs/land.ts';
import { RECONCILE_RUNS_PREFIX, readReconciliation, runReconcile } from '../../../lambdas/jobs/reconcile.ts';
import { loadSqlCatalog, SqlCatalog } from '../../../lambdas/sql/sql-catalog.ts';
import { landBillingLines, reconcileLake } from '../../helpers/billing-lake.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  type PipelineLake,
  selectRows,
  steppingClock,
  writePricing,
  writeSettings,
} from '../../helpers/pipeline-lake.ts';

/**
 * The reconcile job: idempotent, atomic publishing, settings, and the demo lake's
 * planted variance. The small lake: one OpenAI project, May 2026, a request of
 * 5M input tokens x 2.00 / 1M = 10.00 against a bill of 10.30: 0.30 / 10.30 = 2.9%.
 */
const PRICES = ['openai,gpt-test,standard,input,1000000,2.00,USD,2026-01-01,,list,'];

async function smallLake(): Promise<PipelineLake> {
  const lake = await createPipelineLake();
  await writePricing(lake, PRICES);
  await landCostEvents(
    lake,
    [
      costEvent({
        request_id: 'r-1',
        timestamp_utc: '2026-05-15T10:00:00Z',
        provider_account: 'proj_1',
        usage: { input_tokens: 5_000_000, output_tokens: 0 },
      }),
    ],
    { runId: 'land-1', receivedAt: '2026-05-16T00:00:00.000Z' },
  );
  const computed = await computeLake(lake, { asOf: new Date('2026-07-10T00:00:00Z') });
  await computed.engine.close();
  await landBillingLines(
    lake,
    [
      {
        billing_period_start: '2026-05-01',
        provider: 'openai',
        sub_account_id: 'proj_1',
        sku_or_model: 'gpt-test',
        charge_category: 'usage',
        billed_cost: '10.30',
      },
    ],
    { sourceId: 'land-2' },
  );
  return lake;
}

async function published(engine: DuckDbQueryEngine) {
  const rows = await selectRows(
    engine,
    'select * from v_reconciliation order by billing_period, billing_account_id',
  );
  return rows.map(({ run_id: _runId, ...rest }) => rest);
}

describe('Job: reconcile', () => {
  let lake: PipelineLake;

  beforeEach(async () => {
    lake = await smallLake();
  }, 60_000);

  afterEach(async () => {
    await lake.remove();
  });

  it('publishes the same rows when run twice, each run recorded', async () => {
    const asOf = new Date('2026-07-10T00:00:00Z');
    const clock = steppingClock('2030-03-01T00:00:00.000Z');
    const first = await reconcileLake(lake, { asOf }, { clock });
    const firstRows = await published(first.engine);
    await first.engine.close();

    const second = await reconcileLake(lake, { asOf }, { clock });
    const secondRows = await published(second.engine);
    const stored = await selectRows(
      second.engine,
      'select count(*) as n, count(distinct run_id) as runs from reconciliation',
    );
    await second.engine.close();

    expect(secondRows).toEqual(firstRows);
    expect(firstRows).toEqual([expect.objectContaining({ billing_period: '2026-05', status: 'breach' })]);
    // The older run's rows are pruned once the newer one is published.
    expect(stored).toEqual([{ n: '1', runs: '1' }]);
    expect(second.record.run_id > first.record.run_id).toBe(true);
    const records = [];
    for await (const object of lake.store.list(RECONCILE_RUNS_PREFIX)) records.push(object.key);
    expect(records).toHaveLength(2);
    expect(second.record).toEqual(
      expect.objectContaining({
        status: 'succeeded',
        periods: ['2026-05', '2026-06', '2026-07'],
        open_period_from: '2026-07',
        statuses: { breach: 1 },
        rows: 1,
      }),
    );
  });

  it('exports the views it creates, the contract columns first, after reconcile only', async () => {
    const views = FINANCE_VIEW_NAMES.filter((name) => FINANCE_VIEWS[name].createdBy === 'reconcile');
    const { engine } = await reconcileLake(lake, { asOf: new Date('2026-07-10T00:00:00Z') });
    const exported: Record<string, Record<string, unknown>[]> = {};
    const headers: Record<string, string> = {};
    try {
      for (const view of views) {
        exported[view] = JSON.parse(await exportView(engine, view, 'json')) as Record<string, unknown>[];
        headers[view] = (await exportView(engine, view, 'csv')).split('\n')[0] as string;
      }
    } finally {
      await engine.close();
    }

    expect(views).toEqual(['v_billing_lines', 'v_reconciliation', 'v_data_completeness']);
    expect(headers.v_reconciliation).toMatch(
      /^billing_period,provider,billing_account_id,sku_or_model,currency,estimated_cost,billed_total,billed_usage_cost,credits,taxes,refunds,commitments,fees,corrections,raw_variance,raw_variance_pct,adjusted_variance,adjusted_variance_pct,status,/,
    );
    expect(headers.v_billing_lines).toMatch(
      /^billing_period_start,charge_period_start,charge_period_end,provider,/,
    );
    expect(headers.v_data_completeness).toMatch(/^day,source,application,environment,application_events,/);
    // The one bill line of 10.30 against 5M x 2.00 / 1M = 10.00: variance 0.30, 0.30 / 10.30 of the bill.
    const [row] = exported.v_reconciliation ?? [];
    expect(exported.v_reconciliation).toHaveLength(1);
    expect(row).toMatchObject({
      billing_period: '2026-05',
      provider: 'openai',
      billing_account_id: 'proj_1',
      sku_or_model: 'gpt-test',
      currency: 'USD',
      status: 'breach',
    });
    expect(Number(row?.adjusted_variance)).toBe(0.3);
    expect(Number(row?.adjusted_variance_pct)).toBeCloseTo(0.3 / 10.3, 12);
    expect(exported.v_billing_lines).toEqual([
      expect.objectContaining({
        billing_period_start: '2026-05-01',
        charge_category: 'usage',
        currency: 'USD',
      }),
    ]);
    // The request of 2026-05-15 is the only cost event; no usage records landed, so no provider rows.
    expect(exported.v_data_completeness).toEqual([
      expect.objectContaining({ day: '2026-05-15', source: 'cost_events', application_events: '1' }),
    ]);
  });

  it('leaves the previous results visible when a run fails before publishing', async () => {
    const asOf = new Date('2026-07-10T00:00:00Z');
    const first = await reconcileLake(lake, { asOf });
    const before = await published(first.engine);
    await first.engine.close();
    await writeSettings(lake, { reconciliation: { threshold: 0.05 } });
    const catalog = await loadSqlCatalog();
    const broken = new SqlCatalog(
      catalog.statements.map((statement) =>
        statement.name === 'int_reconciliation_periods__switched'
          ? { ...statement, params: [], text: 'select * from no_such_table' }
          : statement,
      ),
    );

    const engine = await DuckDbQueryEngine.open({ databasePath: join(lake.root, WAREHOUSE_FILE) });
    try {
      await expect(
        runReconcile(
          {
            store: lake.store,
            engine,
            clock: steppingClock('2031-01-01T00:00:00.000Z'),
            warehouse: duckDbWarehouse(lake.root),
            catalog: broken,
          },
          { asOf },
        ),
      ).rejects.toThrow(/int_reconciliation_periods__switched/);

      // The new run wrote its rows (status within 5%), but the view still shows the old run's breach.
      expect(await published(engine)).toEqual(before);
    } finally {
      await engine.close();
    }
    const failed = [];
    for await (const object of lake.store.list(RECONCILE_RUNS_PREFIX)) {
      const record = JSON.parse(new TextDecoder().decode(await lake.store.getBytes(object.key)));
      if (record.status === 'failed') failed.push(record);
    }
    expect(failed).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ name: 'QueryFailedError' }) }),
    ]);
  });

  it('judges with the provider threshold the settings give, and stores it on the row', async () => {
    await writeSettings(lake, {
      reconciliation: { threshold: 0.01, providers: { openai: { threshold: 0.05 } } },
    });

    const { engine } = await reconcileLake(lake, {
      asOf: new Date('2026-07-10T00:00:00Z'),
      period: '2026-05',
    });
    const rows = await published(engine);
    await engine.close();

    // 2.9% is within openai's 5% (the 1% default does not apply to it).
    expect(rows).toEqual([expect.objectContaining({ status: 'within_threshold', threshold: '0.05' })]);
  });

  it('keeps a period open until close_after_days after it ends', async () => {
    // May ends 06-01T00:00; + 5 days = 06-06T00:00. One second before, May is still open.
    const open = await reconcileLake(lake, { asOf: new Date('2026-06-05T23:59:59Z'), period: '2026-05' });
    const openRows = await published(open.engine);
    await open.engine.close();
    const closed = await reconcileLake(lake, { asOf: new Date('2026-06-06T00:00:00Z'), period: '2026-05' });
    const closedRows = await published(closed.engine);
    await closed.engine.close();

    expect(openRows).toEqual([expect.objectContaining({ status: 'period_open' })]);
    expect(closedRows).toEqual([expect.objectContaining({ status: 'breach' })]);
  });

  it('rejects a period that is not YYYY-MM, naming the option', async () => {
    await expect(
      reconcileLake(lake, { asOf: new Date('2026-07-10T00:00:00Z'), period: '2026-5' }),
    ).rejects.toThrow(InvalidInputError);
    await expect(
      reconcileLake(lake, { asOf: new Date('2026-07-10T00:00:00Z'), period: '2026-13' }),
    ).rejects.toThrow(/--period "2026-13"/);
  });
});

describe('Job: reconcile on the demo lake', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  const asOf = new Date('2026-05-21T00:00:00Z');

  beforeAll(async () => {
    lake = await createPipelineLake();
    // 45 days ending 2026-05-20: April is closed and invoiced; the Anthropic invoice of its fullest
    // (here: only) closed month bills usage 7% above the price table (UNEXPLAINED_VARIANCE_PERCENT).
    await writeDemoLake(lake.store, generateDemoLake({ seed: 42, days: 45, endDate: '2026-05-20' }));
    const landed = await runLand({ store: lake.store, clock: { now: () => asOf } });
    expect(landed.status).toBe('succeeded');
    const computed = await computeLake(lake, { asOf });
    await computed.engine.close();
    ({ engine } = await reconcileLake(lake, { asOf }));
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await lake.remove();
  });

  it('shows the planted Anthropic variance as a breach and the other closed bills within threshold', async () => {
    const rows = await readReconciliation(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      { from: '2026-04', to: '2026-04' },
    );
    // Rows with an estimate to compare: the unpriced model's zero-token requests are priced at 0 (no_estimate).
    const modelRows = rows.filter((row) => row.sku_or_model !== null && Number(row.estimated_cost) !== 0);
    const anthropic = modelRows.filter((row) => row.provider === 'anthropic');
    const others = modelRows.filter((row) => row.provider !== 'anthropic');

    // Billed = 1.07 x estimate (each invoice line rounded to the cent): 0.07 / 1.07 = 0.0654 of billed usage.
    expect(anthropic.length).toBeGreaterThan(0);
    for (const row of anthropic) {
      expect(row.status).toBe('breach');
      expect(Number(row.adjusted_variance_pct)).toBeCloseTo(0.07 / 1.07, 1);
    }
    const production = anthropic.filter((row) => row.billing_account_id === 'wrkspc_prod_01');
    for (const row of production)
      expect(Math.abs(Number(row.adjusted_variance_pct) - 0.07 / 1.07)).toBeLessThan(0.002);
    // OpenAI costs and the Bedrock FOCUS export bill exactly what the price table gives.
    for (const row of others) expect(row.status).toBe('within_threshold');
  });

  it('moves the Bedrock correction of April from the May bill back into April', async () => {
    const rows = await selectRows(
      engine,
      "select billing_period, corrections_billed_from from v_reconciliation where provider = 'bedrock' and corrections <> 0",
    );

    expect(rows).toEqual([{ billing_period: '2026-04', corrections_billed_from: '2026-05' }]);
  });

  it('shows the unpriced model as billed with no estimate, and May as open', async () => {
    const unpriced = await selectRows(
      engine,
      "select distinct status from v_reconciliation where billing_period = '2026-04' and sku_or_model = 'mistral.mistral-large-2407-v1:0'",
    );
    const may = await selectRows(
      engine,
      "select distinct status from v_reconciliation where billing_period = '2026-05'",
    );

    expect(unpriced).toEqual([{ status: 'no_estimate' }]);
    expect(may).toEqual([{ status: 'period_open' }]);
  });

  it('prints a table with one line per row', async () => {
    const rows = await readReconciliation(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      { from: '2026-04', to: '2026-05' },
    );

    const table = formatReconciliationTable(rows);

    expect(table).toHaveLength(rows.length + 2);
    expect(table[0]).toMatch(/^period\s+provider\s+account/);
    expect(table.some((line) => /anthropic\s+wrkspc_prod_01\s+claude-sonnet-4-5.*breach$/.test(line))).toBe(
      true,
    );
  });
});
