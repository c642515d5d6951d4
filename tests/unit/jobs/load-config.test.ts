import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../lambdas/adapters/local/directory-object-store.ts';
import { ConfigError } from '../../../lambdas/domain/errors.ts';
import { loadPriceBook, loadSettings } from '../../../lambdas/jobs/load-config.ts';

const HEADER =
  'provider,model_or_deployment,billing_category,token_type,unit_tokens,price,currency,effective_from,effective_to,pricing_source,contract_ref';

describe('Job config: settings and price book', () => {
  let root: string;
  let store: DirectoryObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'aiue-config-'));
    store = new DirectoryObjectStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uses every default when config/settings.json is absent', async () => {
    const settings = await loadSettings(store);
    expect(settings.recompute_window_days).toBe(35);
    expect(settings.unit_types).toEqual({});
  });

  it('throws a ConfigError naming the key of an invalid setting', async () => {
    await store.put(
      'config/settings.json',
      JSON.stringify({ unit_types: { support_case: { reopen_window_days: 0 } } }),
    );
    await expect(loadSettings(store)).rejects.toThrow(/unit_types\.support_case\.reopen_window_days/);
    await store.put('config/settings.json', '{ not json');
    await expect(loadSettings(store)).rejects.toBeInstanceOf(ConfigError);
  });

  it('reads every pricing CSV row with its file and line', async () => {
    await store.put(
      'config/pricing/openai.csv',
      `${HEADER}\nOpenAI,gpt-test,standard,input,1000000,2.50,usd,2026-01-01,,list,\n`,
    );
    const rows = await loadPriceBook(store);
    expect(rows).toEqual([
      {
        file: 'config/pricing/openai.csv',
        line: 2,
        row: expect.objectContaining({
          provider: 'openai',
          currency: 'USD',
          effective_from: '2026-01-01T00:00:00.000Z',
        }),
      },
    ]);
  });

  it('throws a ConfigError naming file, line and field for each bad row', async () => {
    await store.put(
      'config/pricing/bad.csv',
      [
        HEADER,
        'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
        'openai,gpt-test,standard,output,0,2.50,USD,2026-01-01,,list,',
        'openai,gpt-test,standard,input,1000000,2.5000000000001,USD,2026-03-01,,list,',
        'openai,gpt-test,standard,input,1000000,3.00,USD,2026-02-01,,list,',
      ].join('\n'),
    );
    const error = await loadPriceBook(store).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('config/pricing/bad.csv:3: field unit_tokens');
    expect(message).toContain('config/pricing/bad.csv:4: field price');
    expect(message).toContain('config/pricing/bad.csv:5: field effective_from');
  });

  it('throws when the header is not PRICE_COLUMNS in order', async () => {
    await store.put('config/pricing/x.csv', 'provider,price\nopenai,1\n');
    await expect(loadPriceBook(store)).rejects.toThrow(/config\/pricing\/x\.csv:1: the header must be/);
  });
});
