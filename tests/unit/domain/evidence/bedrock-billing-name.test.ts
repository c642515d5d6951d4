import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bedrockBillingNameOfUsageType,
  bedrockMarketplaceModel,
  isBedrockBillingName,
  USAGE_TYPE_NAME_PATTERN,
  USAGE_TYPE_WITHOUT_SUFFIX_PATTERN,
  unmappedBillingNames,
} from '../../../../lambdas/domain/evidence/bedrock-billing-name.ts';
import { fixturePath, readJson } from '../../../helpers/evidence-files.ts';

const SPELLINGS = readJson(fixturePath('billing/bedrock/usage-types-and-billing-names.json')) as {
  names: [string, string][];
  noName: string[];
};

describe('Rule: the billing name of a Bedrock usage type', () => {
  it.each(SPELLINGS.names)('reads %s as %s', (usageType, name) => {
    expect(bedrockBillingNameOfUsageType(usageType)).toBe(name);
  });

  it.each([...SPELLINGS.noName, '', null])('finds no billing name in %j', (usageType) => {
    expect(bedrockBillingNameOfUsageType(usageType)).toBeNull();
  });

  it('keeps the dashes of a name where AWS’s split on the second dash stopped short', () => {
    // CUDOS's split(usage_type, '-', 2) reads Llama3; the model is Llama 3.1 405B.
    expect(bedrockBillingNameOfUsageType('USE1-Llama3-1-405B-output-tokens-batch')).toBe('Llama3-1-405B');
  });

  it('is written into the CUR staging SQL with the same patterns', () => {
    const sql = readFileSync(
      new URL('../../../../sql/staging/stg_cur__bedrock_line_items.sql', import.meta.url),
      'utf8',
    );

    expect(sql).toContain(`'${USAGE_TYPE_NAME_PATTERN}'`);
    expect(sql).toContain(`'${USAGE_TYPE_WITHOUT_SUFFIX_PATTERN}'`);
  });
});

describe('Rule: Bedrock Marketplace products and billing names', () => {
  it('takes the model of a Marketplace product, and nothing from another service', () => {
    expect(bedrockMarketplaceModel('Claude 3.5 Haiku (Amazon Bedrock Edition)')).toBe('Claude 3.5 Haiku');
    expect(bedrockMarketplaceModel('Amazon Bedrock')).toBeNull();
    expect(bedrockMarketplaceModel(null)).toBeNull();
  });

  it.each([
    ['Claude3Haiku', true],
    ['Nova2.0Lite', true],
    ['Llama3-1-405B', true],
    ['Claude 3.5 Haiku', true],
    ['anthropic.claude-3-haiku-20240307-v1:0', false],
    ['us.anthropic.claude-3-haiku-20240307-v1:0', false],
    ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', false],
    ['arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123', false],
  ])('tells a billing name from a model id: %s is %s', (model, expected) => {
    expect(isBedrockBillingName(model)).toBe(expected);
  });

  it('lists the billed billing names the mapping leaves out, and no model id', () => {
    const billed = [
      { sku_or_model: 'Claude3Haiku', usage_lines: 2 },
      { sku_or_model: 'Llama3-1-405B', usage_lines: 1 },
      { sku_or_model: 'amazon.nova-pro-v1:0', usage_lines: 4 },
      { sku_or_model: 'constructor', usage_lines: 1 },
    ];

    const unmapped = unmappedBillingNames(billed, {
      Claude3Haiku: ['anthropic.claude-3-haiku-20240307-v1:0'],
    });

    // 'constructor' is a name like any other, not a property every object has.
    expect(unmapped.map((row) => row.sku_or_model)).toEqual(['Llama3-1-405B', 'constructor']);
  });
});
