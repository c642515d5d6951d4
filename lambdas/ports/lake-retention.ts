import type { PrefixExpiration } from '../domain/retention.ts';

/**
 * How long the lake keeps what is written under a prefix (DESIGN §5, §11), for `doctor`:
 * in AWS the bucket's lifecycle rules, locally nothing expires. A port of its own: the
 * object store is what every job reads and writes through, while this is bucket
 * configuration only doctor reads, with its own permission (s3:GetLifecycleConfiguration);
 * the billing config check reads other APIs.
 */
export interface LakeRetention {
  /**
   * One answer per prefix, in the order asked: the earliest any object written under it
   * stops being readable. Throws a StorageError when the configuration cannot be read.
   */
  expirations(prefixes: readonly string[]): Promise<PrefixExpiration[]>;
}
