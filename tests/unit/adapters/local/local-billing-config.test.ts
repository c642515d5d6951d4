import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../../lambdas/adapters/local/directory-object-store.ts';
import { LocalBillingConfigCheck } from '../../../../lambdas/adapters/local/local-billing-config.ts';

describe('Adapter: LocalBillingConfigCheck', () => {
  let root: string;
  let store: DirectoryObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'aiue-billing-config-'));
    store = new DirectoryObjectStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists the billing sources that deliver files', async () => {
    await store.put('incoming/billing/focus/export/data/BILLING_PERIOD=2026-05/a.csv', 'x');
    await store.put('incoming/billing/focus/export/data/BILLING_PERIOD=2026-06/a.csv', 'x');
    await store.put('incoming/billing/cur/legacy/r/r/year=2026/month=5/a.parquet', 'x');

    const items = await new LocalBillingConfigCheck(store).check();

    expect(items).toEqual([
      expect.objectContaining({
        status: 'pass',
        detail: 'present under incoming/billing/: focus (2 files), cur (1 file)',
      }),
    ]);
  });

  it('warns when no billing evidence was delivered', async () => {
    await store.put('incoming/events/a.ndjson', '{}');

    const items = await new LocalBillingConfigCheck(store).check();

    expect(items).toEqual([expect.objectContaining({ check: 'billing_exports', status: 'warn' })]);
  });
});
