import { describe, expect, it } from 'vitest';
import { focusRowNormalizer } from '../../../../lambdas/domain/billing/focus.ts';
import type { BillingLine } from '../../../../lambdas/domain/billing-line.ts';
import type { Reason } from '../../../../lambdas/domain/evidence/row-result.ts';
import {
  type CsvFile,
  fixturePath,
  readCsv,
  readJson,
  sharedDataPath,
  sumDecimals,
  withColumns,
} from '../../../helpers/evidence-files.ts';

const RECEIVED_AT = '2026-06-01T00:00:00.000Z';

function normalize(file: CsvFile, key = 'incoming/billing/focus/export.csv') {
  const normalizeRow = focusRowNormalizer(file.header, { key, receivedAt: RECEIVED_AT });
  const lines: BillingLine[] = [];
  const rejections: { line: number; reasons: readonly Reason[] }[] = [];
  for (const row of file.rows) {
    const result = normalizeRow(row.fields, row.line);
    if (result.ok) lines.push(result.value);
    else rejections.push({ line: row.line, reasons: result.reasons });
  }
  return { lines, rejections };
}

/** Σ of one money column per charge category, exactly. */
function totalsBy(lines: readonly BillingLine[], field: 'billed_cost' | 'effective_cost') {
  const groups = new Map<string, string[]>();
  for (const line of lines)
    groups.set(line.charge_category, [...(groups.get(line.charge_category) ?? []), line[field]]);
  return Object.fromEntries([...groups].map(([category, values]) => [category, sumDecimals(values)]));
}

function countBy<T>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

/**
 * The FOCUS working-draft AI billing examples. Expected figures are read off the CSV
 * cells by hand: BilledCost and EffectiveCost per row, summed per charge category.
 */
const AI_EXAMPLES = [
  {
    file: 'focus-ai-examples/ai_model_billing/per_token_ai_model_api.csv',
    // usage: 42.00 + 52.50 = 94.50, billed and effective alike
    billed: { usage: '94.5' },
    effective: { usage: '94.5' },
    period: '2025-05-01',
    provider: 'solora-ai', // no ProviderName column: ServiceProviderName "Solora AI"
    models: ['solora-saturn-4.8', 'solora-saturn-4.8'],
    tokenTypes: ['input', 'output'],
  },
  {
    file: 'focus-ai-examples/ai_model_billing/cached_tokens_via_csp_marketplace.csv',
    // usage: 10.00 (cache read) + 37.50 (cache write) = 47.50
    billed: { usage: '47.5' },
    effective: { usage: '47.5' },
    period: '2025-05-01',
    provider: 'solora-ai', // ServiceProviderName Solora AI, hosted by Aura Web
    models: ['solora-neptune-5.0', 'solora-neptune-5.0'],
    tokenTypes: ['cached_input', 'cache_write'],
  },
  {
    file: 'focus-ai-examples/ai_model_billing/csp_served_third_party_model.csv',
    // usage: 2.25 + 2.25 = 4.50
    billed: { usage: '4.5' },
    effective: { usage: '4.5' },
    period: '2025-05-01',
    provider: 'aura-web', // the cloud serves the third-party model itself
    models: ['aura-web.solora-jupiter-5', 'aura-web.solora-jupiter-5'],
    tokenTypes: ['input', 'output'],
  },
  {
    file: 'focus-ai-examples/ai_model_billing/drawdown_via_prepayment_ai_model_api.csv',
    // commitment: the Purchase row, billed 500000.00, effective 0.00;
    // usage: billed 0.00 + 0.00 = 0, effective 20.00 + 30.00 = 50.00 (drawn from the commitment)
    billed: { commitment: '500000', usage: '0' },
    effective: { commitment: '0', usage: '50' },
    period: '2025-05-01',
    provider: 'solora-ai',
    models: ['TOKEN-COMMITMENT-PURCHASE', 'solora-saturn-5.0', 'solora-saturn-5.0'],
    tokenTypes: [null, 'input', 'output'],
  },
  {
    file: 'focus-ai-examples/ai_model_billing/multi_model_usage.csv',
    // usage: 50.00 + 50.00 + 2.25 + 2.25 = 104.50
    billed: { usage: '104.5' },
    effective: { usage: '104.5' },
    period: '2025-05-01',
    provider: 'solora-ai',
    models: ['solora-atlas-5.5', 'solora-atlas-5.5', 'solora-atlas-5.4-mini', 'solora-atlas-5.4-mini'],
    tokenTypes: ['input', 'output', 'input', 'output'],
  },
  {
    file: 'focus-ai-examples/ai_prompt_caching/ai_prompt_caching_a.csv',
    // usage: 1.5 + 7.5 + 2.4 + 22.5 = 33.9
    billed: { usage: '33.9' },
    effective: { usage: '33.9' },
    period: '2025-01-01',
    provider: 'solora-ai',
    models: ['solora-reasoning-pro', 'solora-reasoning-pro', 'solora-reasoning-pro', 'solora-reasoning-pro'],
    tokenTypes: ['input', 'cache_write', 'cached_input', 'output'],
  },
] as const;

describe('Normalizer: FOCUS rows', () => {
  it.each(AI_EXAMPLES)(
    'normalizes every row of $file with the hand-summed totals per charge category',
    (example) => {
      // Prepare
      const file = readCsv(sharedDataPath(example.file));

      // Act
      const { lines, rejections } = normalize(file);

      // Assess
      expect(rejections).toEqual([]);
      expect(lines).toHaveLength(file.rows.length);
      expect(totalsBy(lines, 'billed_cost')).toEqual(example.billed);
      expect(totalsBy(lines, 'effective_cost')).toEqual(example.effective);
      expect(lines.map((line) => line.sku_or_model)).toEqual(example.models);
      expect(lines.map((line) => line.token_type)).toEqual(example.tokenTypes);
      expect(new Set(lines.map((line) => line.provider))).toEqual(new Set([example.provider]));
      expect(new Set(lines.map((line) => line.billing_period_start))).toEqual(new Set([example.period]));
      expect(new Set(lines.map((line) => line.currency))).toEqual(new Set(['USD']));
    },
  );

  it('keeps the quantities and periods of an AI row exactly', () => {
    // Prepare: ai_prompt_caching_a.csv row 2 writes ConsumedQuantity "500000.0".
    const file = readCsv(sharedDataPath('focus-ai-examples/ai_prompt_caching/ai_prompt_caching_a.csv'));

    // Act
    const [first] = normalize(file).lines;

    // Assess
    expect(first).toMatchObject({
      charge_period_start: '2025-01-01T00:00:00.000Z',
      charge_period_end: '2025-02-01T00:00:00.000Z',
      billing_account_id: 'acct-1001',
      sub_account_id: null,
      service: 'Solora Generative AI API',
      consumed_quantity: '500000',
      consumed_unit: 'Tokens',
      charge_class: null,
      source: 'focus',
      source_line: 2,
    });
  });

  describe('the real FOCUS 1.0 sample (1,000 rows, three clouds)', () => {
    const file = readCsv(sharedDataPath('focus-sample-data-1.0/focus_sample.csv'));
    const { lines, rejections } = normalize(file);

    it('normalizes all 1,000 rows, AWS 942 / Microsoft 51 / Oracle 7', () => {
      expect(file.rows).toHaveLength(1000);
      expect(rejections).toEqual([]);
      expect(lines).toHaveLength(1000);
      expect(countBy(lines.map((line) => line.provider))).toEqual({ aws: 942, microsoft: 51, oracle: 7 });
      expect(countBy(lines.map((line) => line.charge_category))).toEqual({
        usage: 997,
        credit: 1,
        adjustment: 2,
      });
    });

    it('sums BilledCost to the figure summed outside this code', () => {
      // Summed with Python's csv and decimal modules over the BilledCost column
      // (sum(Decimal(row['BilledCost']) for row in csv.DictReader(...))), by ProviderName
      // and ChargeCategory, then written here by hand.
      const billed = (keep: (line: BillingLine) => boolean) =>
        sumDecimals(lines.filter(keep).map((line) => line.billed_cost));
      expect(billed(() => true)).toBe('20.52022672899');
      expect(billed((line) => line.provider === 'aws')).toBe('18.0066386184');
      expect(billed((line) => line.provider === 'microsoft')).toBe('1.97651418586');
      expect(billed((line) => line.provider === 'oracle')).toBe('0.53707392473');
      expect(totalsBy(lines, 'billed_cost')).toEqual({
        usage: '22.86192672899',
        credit: '-2.6137',
        adjustment: '0.272',
      });
      expect(sumDecimals(lines.map((line) => line.effective_cost))).toBe('14.97651418586');
    });

    it('reads timestamps without T or Z as UTC and keeps an Oracle row in its own billing period', () => {
      // Row 2: ChargePeriodStart "2024-09-18 22:00:00", BilledCost "0.00000080000".
      expect(lines[0]).toMatchObject({
        billing_period_start: '2024-09-01',
        charge_period_start: '2024-09-18T22:00:00.000Z',
        charge_period_end: '2024-09-18T23:00:00.000Z',
        billed_cost: '0.0000008',
        charge_class: null,
      });
      // One Oracle row is billed in October for usage on 2024-09-30.
      expect(countBy(lines.map((line) => line.billing_period_start))).toEqual({
        '2024-09-01': 999,
        '2024-10-01': 1,
      });
    });
  });

  it('tolerates NULL encodings, any case, offsets and extra columns, and maps Bedrock rows to bedrock', () => {
    // Prepare: one row per hazard; see the fixture's Id column.
    const file = readCsv(fixturePath('billing/focus/null-encodings-mixed-case-two-clouds.csv'));

    // Act
    const { lines, rejections } = normalize(file);

    // Assess
    expect(rejections).toEqual([]);
    const [nova, haiku, azure, tax, credit, support, reserved, correction, oracle] = lines;
    // Id 1: no T/Z, lower-case category, "Usage-based", usd, empty EffectiveCost → BilledCost; model from the ARN.
    expect(nova).toMatchObject({
      provider: 'bedrock',
      billing_period_start: '2026-05-01',
      charge_period_start: '2026-05-01T00:00:00.000Z',
      charge_category: 'usage',
      charge_class: null,
      billed_cost: '1.25',
      effective_cost: '1.25',
      currency: 'USD',
      sku_or_model: 'amazon.nova-pro-v1:0',
      token_type: 'input',
      billing_account_id: '999988887777',
      sub_account_id: '111122223333',
    });
    // Id 2: a Marketplace model, +02:00 offsets, ChargeClass "(null)"; no ARN, and a Marketplace usage type
    // names no model: the model is the product's, ServiceName without "(Amazon Bedrock Edition)", as in the CUR.
    expect(haiku).toMatchObject({
      provider: 'bedrock',
      charge_period_start: '2026-05-01T00:00:00.000Z',
      charge_class: null,
      sku_or_model: 'Claude 3.5 Haiku',
      token_type: 'cached_input',
    });
    // Id 3: Azure, model and direction from SkuPriceDetails.
    expect(azure).toMatchObject({ provider: 'microsoft', sku_or_model: 'gpt-4o', token_type: 'output' });
    expect(azure).toMatchObject({ billed_cost: '2', effective_cost: '1.8' });
    // Id 4-7: TAX in capitals, a credit, a purchase that is no commitment (fee), a commitment purchase.
    expect([tax, credit, support, reserved].map((line) => line?.charge_category)).toEqual([
      'tax',
      'credit',
      'fee',
      'commitment',
    ]);
    expect([tax, credit, support, reserved].map((line) => line?.provider)).toEqual([
      'bedrock',
      'bedrock',
      'aws',
      'aws',
    ]);
    expect(reserved).toMatchObject({ billed_cost: '730', effective_cost: '0' });
    // Id 8: a correction in June's bill for usage on 31 May keeps its charge period.
    expect(correction).toMatchObject({
      charge_class: 'correction',
      charge_category: 'usage',
      billing_period_start: '2026-06-01',
      charge_period_start: '2026-05-31T00:00:00.000Z',
      billed_cost: '-0.1',
      consumed_quantity: '-125000',
    });
    // Id 9: Oracle, ConsumedQuantity NULL, SkuId as the SKU.
    expect(oracle).toMatchObject({
      provider: 'oracle',
      consumed_quantity: null,
      consumed_unit: null,
      sku_or_model: 'B92307',
    });
    // Totals by hand: usage 1.25 + 0.30 + 2.00 - 0.10 + 0.012 = 3.462; tax 0.21; credit -0.50;
    // fee 100.00; commitment 730.00. Effective usage: 1.25 + 0.30 + 1.80 - 0.10 + 0.00 = 3.25.
    expect(totalsBy(lines, 'billed_cost')).toEqual({
      usage: '3.462',
      tax: '0.21',
      credit: '-0.5',
      fee: '100',
      commitment: '730',
    });
    expect(totalsBy(lines, 'effective_cost').usage).toBe('3.25');
  });

  it('names a Bedrock row with no ARN by the billing name of its usage type, as the CUR does', () => {
    // Prepare: one usage row per spelling, no ResourceId, no ModelId.
    const { names } = readJson(fixturePath('billing/bedrock/usage-types-and-billing-names.json')) as {
      names: [string, string][];
    };
    const file: CsvFile = {
      header: [
        'BilledCost',
        'BillingCurrency',
        'BillingPeriodStart',
        'ChargePeriodStart',
        'ChargePeriodEnd',
        'ChargeCategory',
        'ProviderName',
        'ServiceName',
        'x_ServiceCode',
        'x_UsageType',
      ],
      rows: names.map(([usageType], index) => ({
        fields: [
          '0.01',
          'USD',
          '2026-05-01T00:00:00Z',
          '2026-05-02T00:00:00Z',
          '2026-05-03T00:00:00Z',
          'Usage',
          'AWS',
          'Amazon Bedrock',
          'AmazonBedrock',
          usageType,
        ],
        line: index + 2,
      })),
    };

    // Act
    const { lines, rejections } = normalize(file);

    // Assess: USE1-Llama3-1-405B-output-tokens-batch is Llama3-1-405B, not the whole usage type.
    expect(rejections).toEqual([]);
    expect(lines.map((line) => line.sku_or_model)).toEqual(names.map(([, name]) => name));
  });

  it('rejects bad cells with the line and the column, and keeps the good row', () => {
    // Prepare
    const file = readCsv(fixturePath('billing/focus/invalid-cells-one-good-row.csv'));

    // Act
    const { lines, rejections } = normalize(file);

    // Assess
    expect(lines.map((line) => [line.source_line, line.billed_cost])).toEqual([[10, '2.5']]);
    const fields = rejections.map(({ line, reasons }) => [line, reasons.map((reason) => reason.path)]);
    expect(fields).toEqual([
      [2, ['BilledCost']],
      [3, ['ChargeCategory']],
      [4, ['ChargeClass']],
      [5, ['BillingCurrency']],
      [6, ['ChargePeriodStart']],
      [7, ['ChargePeriodEnd']],
      [8, ['']],
      [9, ['BillingPeriodStart', 'ProviderName']],
    ]);
    expect(rejections[0]?.reasons[0]?.message).toContain('"abc"');
    expect(rejections[1]?.reasons[0]?.message).toContain('"Refund"');
    expect(rejections[6]?.reasons[0]?.message).toBe('has 9 fields where the header has 8');
    expect(rejections[7]?.reasons[0]?.message).toContain('"2026-02-30"');
  });

  describe('the FOCUS spec correction examples (closed billing period)', () => {
    const folder = 'focus-correction-examples/closed-billing-period';
    // The spec snippets show only the columns they are about; a real export has these too.
    const completed = (name: string) =>
      withColumns(readCsv(sharedDataPath(`${folder}/${name}`)), {
        BillingCurrency: 'USD',
        ProviderName: 'Example Cloud',
        BillingAccountId: 'acct-1',
      });

    it('rejects the snippets as they are, naming the missing currency and provider columns', () => {
      const { lines, rejections } = normalize(
        readCsv(sharedDataPath(`${folder}/scenario_2_late_arriving_usage_delta.csv`)),
      );

      expect(lines).toEqual([]);
      expect(rejections).toEqual([
        {
          line: 2,
          reasons: [
            { path: 'BillingCurrency', message: 'the file has no BillingCurrency column' },
            {
              path: 'ProviderName',
              message: 'the file has no ProviderName column (nor ServiceProviderName or HostProviderName)',
            },
          ],
        },
      ]);
    });

    it('lands the original in May and each correction in June with its May charge period', () => {
      const original = normalize(completed('scenario_1_partial_reallocation_original.csv')).lines;
      const delta = normalize(completed('scenario_1_partial_reallocation_delta.csv')).lines;
      const ledger = normalize(completed('scenario_1_partial_reallocation_ledger.csv')).lines;
      const late = normalize(completed('scenario_2_late_arriving_usage_delta.csv')).lines;

      // The original writes its null ChargeClass as "(null)": a regular May line of 1500.
      expect(original).toMatchObject([
        {
          billing_period_start: '2025-05-01',
          charge_class: null,
          billed_cost: '1500',
          provider: 'example-cloud',
        },
      ]);
      for (const line of [...delta, ...ledger, ...late]) {
        expect(line).toMatchObject({
          billing_period_start: '2025-06-01',
          charge_period_start: '2025-05-01T00:00:00.000Z',
          charge_period_end: '2025-05-01T01:00:00.000Z',
          charge_class: 'correction',
          charge_category: 'usage',
        });
      }
      // Delta: -300 + 300 = 0 (reallocated between resources); ledger: -1500 + 1200 + 300 = 0;
      // late-arriving usage: +1500 billed in June.
      expect(sumDecimals(delta.map((line) => line.billed_cost))).toBe('0');
      expect(sumDecimals(ledger.map((line) => line.billed_cost))).toBe('0');
      expect(late.map((line) => line.billed_cost)).toEqual(['1500']);
      expect(delta.map((line) => line.consumed_quantity)).toEqual(['-200', '200']);
    });
  });

  describe('the FOCUS 1.2 commitment scenarios', () => {
    const folder = 'focus-v1.2-commitment-scenarios';
    const run = (name: string) =>
      normalize(
        withColumns(readCsv(sharedDataPath(`${folder}/${name}`)), {
          BillingCurrency: 'USD',
          ProviderName: 'Example Cloud',
        }),
      );

    it('maps purchases to commitment: billed up front, no effective cost', () => {
      const oneTime = run('commitment_discount_purchase_scenario_1.csv');

      // Scenario 1: one one-time purchase of 8760.00, EffectiveCost 0.00.
      expect(oneTime.lines).toMatchObject([
        { charge_category: 'commitment', billed_cost: '8760', effective_cost: '0' },
      ]);
    });

    it('rejects the recurring purchase rows whose ChargePeriodEnd has hour 30, and keeps the others', () => {
      const recurring = run('commitment_discount_purchase_scenario_2.csv');
      const mixed = run('commitment_discount_purchase_scenario_3.csv');

      // Scenario 2: 1.00 + 1.00 land; the third row ends "2023-02-01T30:00:00Z", which is no time.
      expect(recurring.lines.map((line) => [line.charge_category, line.billed_cost])).toEqual([
        ['commitment', '1'],
        ['commitment', '1'],
      ]);
      expect(recurring.rejections).toEqual([
        {
          line: 4,
          reasons: [
            {
              path: 'ChargePeriodEnd',
              message: 'must be a UTC timestamp such as 2024-09-01T00:00:00Z, got "2023-02-01T30:00:00Z"',
            },
          ],
        },
      ]);
      // Scenario 3: 4380.00 + 0.50 + 0.50 land, the hour-30 row does not.
      expect(sumDecimals(mixed.lines.map((line) => line.billed_cost))).toBe('4381');
      expect(mixed.rejections.map((rejection) => rejection.line)).toEqual([5]);
    });

    it('keeps covered usage as usage and books the unused share as commitment', () => {
      const used = run('commitment_discount_usage_scenario_1.csv');
      const unused = run('commitment_discount_usage_scenario_2.csv');
      const split = run('commitment_discount_usage_scenario_3.csv');
      const overflow = run('commitment_discount_usage_scenario_4.csv');

      // 1: all used: usage billed 0.00, effective 1.00.
      expect(used.lines).toMatchObject([{ charge_category: 'usage', billed_cost: '0', effective_cost: '1' }]);
      // 2: all unused ("null" quantity): commitment, effective 1.00.
      expect(unused.lines).toMatchObject([
        { charge_category: 'commitment', billed_cost: '0', effective_cost: '1', consumed_quantity: null },
      ]);
      // 3: 0.75 used (usage) + 0.25 unused (commitment).
      expect(totalsBy(split.lines, 'effective_cost')).toEqual({ usage: '0.75', commitment: '0.25' });
      // 4: 1.00 covered + 0.50 on demand above the commitment, both usage; billed only 0.50.
      expect(totalsBy(overflow.lines, 'effective_cost')).toEqual({ usage: '1.5' });
      expect(totalsBy(overflow.lines, 'billed_cost')).toEqual({ usage: '0.5' });
    });
  });
});
