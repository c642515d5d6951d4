import { describe, expect, it } from 'vitest';
import { computeLake, costEvent, createPipelineLake, landCostEvents, landOutcomes, outcomeEvent, selectRows, writePricing } from '../helpers/pipeline-lake.ts';

describe('smoke', () => {
  it('runs', async () => {
    const lake = await createPipelineLake();
    await writePricing(lake, [
      'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
      'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
    ]);
    await landCostEvents(lake, [
      costEvent({ request_id: 'r1', timestamp_utc: '2026-05-10T10:00:00Z', business_unit: { unit_type: 'support_case', unit_id: 'c1' } }),
      costEvent({ request_id: 'r2', timestamp_utc: '2026-05-11T10:00:00Z' }),
    ], { runId: '20260511T120000Z-a', receivedAt: '2026-05-11T12:00:00.000Z' });
    await landOutcomes(lake, [outcomeEvent({ unit_id: 'c1', outcome: 'resolved', outcome_at: '2026-05-10T12:00:00Z' })], { runId: '20260511T120000Z-b', receivedAt: '2026-05-11T12:00:00.000Z' });
    const { engine, record } = await computeLake(lake, { asOf: new Date('2026-05-11T23:00:00Z') });
    console.log(record.queries.map((q) => `${q.name} ${q.elapsed_ms}`).join("\n"));
    for (const v of ['v_request_costs', 'v_unit_costs', 'v_unit_economics_daily', 'v_unit_economics_weekly']) console.log(v, await selectRows(engine, `select * from ${v}`));
    await engine.close();
    expect(record.status).toBe('succeeded');
  });
});
