import { describe, expect, it } from 'vitest';
import { LocalLakeRetention } from '../../../../lambdas/adapters/local/local-lake-retention.ts';

describe('Adapter: LocalLakeRetention', () => {
  it('reports that nothing expires under any prefix, in the order asked', async () => {
    // Act
    const found = await new LocalLakeRetention().expirations(['raw/events/', 'incoming/']);

    // Assess
    expect(found).toEqual([
      { prefix: 'raw/events/', expireAfterDays: null, source: 'local directory' },
      { prefix: 'incoming/', expireAfterDays: null, source: 'local directory' },
    ]);
  });
});
