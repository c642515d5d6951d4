import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DuckDbQueryEngine,
  duckDbWarehouse,
  WAREHOUSE_FILE,
} from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { LocalBillingConfigCheck } from '../../../lambdas/adapters/local/local-billing-config.ts';
import { LocalLakeRetention } from '../../../lambdas/adapters/local/local-lake-retention.ts';
import { StorageError } from '../../../lambdas/domain/errors.ts';
import { type DoctorDeps, runDoctor } from '../../../lambdas/jobs/doctor.ts';
import type { LakeRetention } from '../../../lambdas/ports/lake-retention.ts';
import { landBillingLines } from '../../helpers/billing-lake.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  type PipelineLake,
  writePricing,
} from '../../helpers/pipeline-lake.ts';

/**
 * doctor over a lake after land and compute. As of 2026-05-20 with the default 35-day
 * window, it looks at requests of 2026-04-16..2026-05-20 and bills of 2026-04-01 on.
 */
const AS_OF = new Date('2026-05-20T12:00:00Z');
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.00,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'anthropic,claude-test,standard,input,1000000,3.00,USD,2026-01-01,,list,',
  'anthropic,claude-test,standard,output,1000000,15.00,USD,2026-01-01,,list,',
];

function openai(id: string, at: string, extra: Record<string, unknown> = {}) {
  return costEvent({ request_id: id, timestamp_utc: at, provider_account: 'proj_1', ...extra });
}

async function doctor(lake: PipelineLake, ports: Pick<DoctorDeps, 'lakeRetention'> = {}) {
  const computed = await computeLake(lake, { asOf: AS_OF });
  await computed.engine.close();
  const engine = await DuckDbQueryEngine.open({ databasePath: join(lake.root, WAREHOUSE_FILE) });
  try {
    return await runDoctor(
      {
        store: lake.store,
        engine,
        clock: { now: () => new Date('2030-01-01T00:00:00Z') },
        warehouse: duckDbWarehouse(lake.root),
        billingConfig: new LocalBillingConfigCheck(lake.store),
        ...ports,
      },
      { asOf: AS_OF },
    );
  } finally {
    await engine.close();
  }
}

describe('Job: doctor', () => {
  let lake: PipelineLake;

  beforeEach(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
  });

  afterEach(async () => {
    await lake.remove();
  });

  it('passes every check when prices, units, accounts and one bill per account are in place', async () => {
    // Prepare: one allocated, priced request with its account; its bill; a billing file in incoming/.
    await landCostEvents(
      lake,
      [
        openai('r-1', '2026-05-10T10:00:00Z', {
          business_unit: { unit_type: 'support_case', unit_id: 'c-1' },
        }),
      ],
      { runId: 'land-1', receivedAt: '2026-05-11T00:00:00.000Z' },
    );
    await landBillingLines(
      lake,
      [
        {
          billing_period_start: '2026-05-01',
          provider: 'openai',
          sub_account_id: 'proj_1',
          charge_category: 'usage',
          billed_cost: '0.003',
          source: 'openai-costs',
          source_line_id: 'b-1',
        },
      ],
      { sourceId: 'land-2' },
    );
    await lake.store.put('incoming/billing/openai-costs/2026-05-10.json', '{"data":[]}');

    // Act
    const report = await doctor(lake);

    // Assess
    expect(report.items.map((item) => [item.check, item.status])).toEqual([
      ['cost_events', 'pass'],
      ['billing_evidence', 'pass'],
      ['prices_cover_usage', 'pass'],
      ['allocation_metadata', 'pass'],
      ['provider_accounts', 'pass'],
      ['billing_sources', 'pass'],
      ['bedrock_billing_names', 'pass'],
      ['billing_exports', 'pass'],
    ]);
    expect(report.status).toBe('pass');
    expect(report.window).toEqual({ from: '2026-04-16', to: '2026-05-20' });
  });

  it('names the unpriced model, the provider without a bill or accounts, unallocated cost and a double bill', async () => {
    // Prepare
    await landCostEvents(
      lake,
      [
        // 1M x 2.00 = 2.00 allocated; 100k x 2.00 = 0.20 not: 0.20 / 2.20 = 9.1% unallocated, over 2%.
        openai('r-1', '2026-05-10T10:00:00Z', {
          usage: { input_tokens: 1_000_000, output_tokens: 0 },
          business_unit: { unit_type: 'support_case', unit_id: 'c-1' },
        }),
        openai('r-2', '2026-05-10T11:00:00Z', { usage: { input_tokens: 100_000, output_tokens: 0 } }),
        // A model with no price row, on two days.
        openai('r-3', '2026-05-11T10:00:00Z', { model_or_deployment: 'gpt-unpriced' }),
        openai('r-4', '2026-05-12T10:00:00Z', { model_or_deployment: 'gpt-unpriced' }),
        // Anthropic: no account on the event and no bill at all.
        costEvent({
          request_id: 'r-5',
          timestamp_utc: '2026-05-12T10:00:00Z',
          environment: 'staging',
          provider: 'anthropic',
          model_or_deployment: 'claude-test',
        }),
      ],
      { runId: 'land-1', receivedAt: '2026-05-13T00:00:00.000Z' },
    );
    // OpenAI's May usage for proj_1 arrives both from the Costs API and from an invoice CSV.
    await landBillingLines(
      lake,
      [
        {
          billing_period_start: '2026-05-01',
          provider: 'openai',
          sub_account_id: 'proj_1',
          charge_category: 'usage',
          billed_cost: '2.20',
          source: 'openai-costs',
          source_line_id: 'api-1',
        },
        {
          billing_period_start: '2026-05-01',
          provider: 'openai',
          sub_account_id: 'proj_1',
          charge_category: 'usage',
          billed_cost: '2.20',
          source: 'invoice-csv',
        },
      ],
      { sourceId: 'land-2' },
    );

    // Act
    const report = await doctor(lake);
    const item = (check: string) => report.items.find((candidate) => candidate.check === check);

    // Assess
    expect(report.status).toBe('fail');
    expect(item('billing_evidence')).toEqual(
      expect.objectContaining({
        status: 'warn',
        detail: expect.stringMatching(/^anthropic \(1 requests, 2026-05-12\.\.2026-05-12\)/),
      }),
    );
    expect(item('prices_cover_usage')).toEqual(
      expect.objectContaining({
        status: 'fail',
        detail: expect.stringContaining(
          'openai gpt-unpriced (standard): 2 requests on 2 day(s) 2026-05-11..2026-05-12, no input,output row',
        ),
      }),
    );
    expect(item('allocation_metadata')).toEqual(
      expect.objectContaining({
        status: 'warn',
        detail: expect.stringContaining(
          '0.200000000000 of 2.200000000000 USD names no business unit (target at most 2%)',
        ),
      }),
    );
    expect(item('provider_accounts')).toEqual(
      expect.objectContaining({ status: 'warn', detail: expect.stringContaining('anthropic: 1 of 1') }),
    );
    expect(item('billing_sources')).toEqual(
      expect.objectContaining({
        status: 'warn',
        detail: expect.stringContaining('2026-05 openai proj_1: invoice-csv and openai-costs'),
      }),
    );
    expect(item('billing_exports')).toEqual(expect.objectContaining({ status: 'warn' }));
  });

  it('warns that there is nothing to check before anything was merged', async () => {
    const report = await doctor(lake);

    expect(report.items[0]).toEqual(expect.objectContaining({ check: 'cost_events', status: 'warn' }));
    expect(report.status).toBe('warn');
  });

  it('reports the retention last: the local directory keeps everything', async () => {
    // Act
    const report = await doctor(lake, { lakeRetention: new LocalLakeRetention() });

    // Assess
    expect(report.items.at(-1)).toEqual(expect.objectContaining({ check: 'retention', status: 'pass' }));
    expect(report.items.at(-1)?.detail).toMatch(/^never expires \(local directory\): incoming\/, which must/);
    expect(report.items.at(-1)?.detail).toContain('raw/billing_lines/, which needs 93 days for reconcile');
  });

  it('fails when the lake expires billing lines reconcile still reads, and warns when it cannot tell', async () => {
    // Prepare: 60 days, under the default lookback's 3 x 31 = 93.
    const days: Record<string, number | null> = { 'incoming/': null, 'raw/billing_lines/': 60 };
    const shortLived: LakeRetention = {
      expirations: async (prefixes) =>
        prefixes.map((prefix) => ({
          prefix,
          expireAfterDays: prefix in days ? (days[prefix] ?? null) : 731,
          source: 'lifecycle rule expire-raw',
        })),
    };
    const unreadable: LakeRetention = {
      expirations: async () => {
        throw new StorageError('could not read the lifecycle configuration of bucket lake: AccessDenied');
      },
    };

    // Act
    const short = await doctor(lake, { lakeRetention: shortLived });
    const unknown = await doctor(lake, { lakeRetention: unreadable });

    // Assess
    expect(short.status).toBe('fail');
    expect(short.items.at(-1)).toEqual(expect.objectContaining({ check: 'retention', status: 'fail' }));
    expect(short.items.at(-1)?.detail).toMatch(/^raw\/billing_lines\/ expires after 60 days/);
    expect(unknown.items.at(-1)).toEqual(expect.objectContaining({ check: 'retention', status: 'warn' }));
    expect(unknown.items.at(-1)?.detail).toContain('AccessDenied');
  });
});
