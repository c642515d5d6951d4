import type { PrefixExpiration } from '../../domain/retention.ts';
import type { LakeRetention } from '../../ports/lake-retention.ts';

/** The local lake is a directory: nothing deletes what the jobs write there. */
export class LocalLakeRetention implements LakeRetention {
  async expirations(prefixes: readonly string[]): Promise<PrefixExpiration[]> {
    return prefixes.map((prefix) => ({ prefix, expireAfterDays: null, source: 'local directory' }));
  }
}
