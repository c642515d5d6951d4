import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../lambdas/domain/settings.ts';

describe('Schema: settings reconciliation and completeness', () => {
  it('fills the example defaults when the keys are absent', () => {
    const settings = SettingsSchema.parse({});

    expect(settings.reconciliation).toEqual({
      threshold: 0.02,
      providers: {},
      close_after_days: 5,
      lookback_months: 3,
      bedrock_billing_names: {},
    });
    expect(settings.completeness).toEqual({ max_unallocated_share: 0.02 });
  });

  it('accepts a per-provider threshold beside the default', () => {
    const settings = SettingsSchema.parse({
      reconciliation: { threshold: 0.01, providers: { openai: { threshold: 0.05 } } },
      completeness: { max_unallocated_share: 0.05 },
    });

    expect(settings.reconciliation.providers.openai?.threshold).toBe(0.05);
    expect(settings.reconciliation.threshold).toBe(0.01);
  });

  it('accepts Bedrock billing names, each with the model ids it stands for', () => {
    const settings = SettingsSchema.parse({
      reconciliation: {
        bedrock_billing_names: {
          Claude3Haiku: ['anthropic.claude-3-haiku-20240307-v1:0'],
          'Claude 3.5 Haiku': ['anthropic.claude-3-5-haiku-20241022-v1:0'],
        },
      },
    });

    expect(settings.reconciliation.bedrock_billing_names).toEqual({
      Claude3Haiku: ['anthropic.claude-3-haiku-20240307-v1:0'],
      'Claude 3.5 Haiku': ['anthropic.claude-3-5-haiku-20241022-v1:0'],
    });
  });

  it.each([
    ['a negative threshold', { reconciliation: { threshold: -0.1 } }, 'reconciliation.threshold'],
    [
      'a billing name with no model id',
      { reconciliation: { bedrock_billing_names: { Claude3Haiku: [] } } },
      'reconciliation.bedrock_billing_names.Claude3Haiku',
    ],
    [
      'a model id with a space',
      { reconciliation: { bedrock_billing_names: { Claude3Haiku: ['anthropic.claude 3'] } } },
      'reconciliation.bedrock_billing_names.Claude3Haiku.0',
    ],
    [
      'a billing name with a tab',
      { reconciliation: { bedrock_billing_names: { 'Claude\tHaiku': ['anthropic.claude-3'] } } },
      'reconciliation.bedrock_billing_names.Claude\tHaiku',
    ],
    [
      'a model id under two billing names',
      {
        reconciliation: {
          bedrock_billing_names: {
            Claude3Haiku: ['anthropic.claude-3-haiku-20240307-v1:0'],
            Claude3HaikuBatch: ['meta.llama3-1-405b-instruct-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0'],
          },
        },
      },
      'reconciliation.bedrock_billing_names.Claude3HaikuBatch.1',
    ],
    [
      'a provider not in lower case',
      { reconciliation: { providers: { OpenAI: { threshold: 0.1 } } } },
      'reconciliation.providers.OpenAI',
    ],
    ['a misspelled key', { reconciliation: { treshold: 0.1 } }, 'reconciliation'],
    ['a share above 1', { completeness: { max_unallocated_share: 2 } }, 'completeness.max_unallocated_share'],
  ])('rejects %s, naming the key', (_case, input, path) => {
    const result = SettingsSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
