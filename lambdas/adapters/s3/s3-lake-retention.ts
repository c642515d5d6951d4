import {
  GetBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StorageError } from '../../domain/errors.ts';
import type { PrefixExpiration } from '../../domain/retention.ts';
import type { LakeRetention } from '../../ports/lake-retention.ts';

export interface S3LakeRetentionProps {
  readonly client: S3Client;
  readonly bucket: string;
}

/**
 * Archive classes GetObject and Athena cannot read without a restore: a transition there
 * ends what the jobs can read as surely as an expiration. Glacier Instant Retrieval and the
 * infrequent-access classes stay readable.
 */
const UNREADABLE_STORAGE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/**
 * The lake's retention from the bucket's lifecycle configuration
 * (`GetBucketLifecycleConfiguration`). For each prefix asked, the earliest an enabled rule
 * expires (or archives) current objects under it:
 * - a rule applies when its prefix (Filter.Prefix, Filter.And.Prefix or the legacy
 *   top-level Prefix; none = the whole bucket) is a prefix of the one asked, and also when
 *   it lies inside it (a rule on incoming/billing/ expires part of incoming/);
 * - a size filter narrows a rule to some objects, so the rule still counts;
 * - a tag filter (Filter.Tag, Filter.And.Tags) is skipped: the jobs and AWS Data Exports
 *   write untagged objects, so such a rule expires nothing they read;
 * - an expiration on a date expires everything it covers on that day: 0 days;
 * - noncurrent-version, delete-marker and multipart clean-up actions leave current objects
 *   alone and are skipped.
 * A bucket with no lifecycle configuration (NoSuchLifecycleConfiguration) keeps everything.
 */
export class S3LakeRetention implements LakeRetention {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(props: S3LakeRetentionProps) {
    this.client = props.client;
    this.bucket = props.bucket;
  }

  async expirations(prefixes: readonly string[]): Promise<PrefixExpiration[]> {
    const rules = await this.rules();
    return prefixes.map((prefix) => earliestExpiration(prefix, rules));
  }

  private async rules(): Promise<LifecycleRule[]> {
    try {
      const out = await this.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: this.bucket }));
      return out.Rules ?? [];
    } catch (error) {
      const name = (error as Error | undefined)?.name ?? 'Error';
      if (name === 'NoSuchLifecycleConfiguration') return [];
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new StorageError(
        `could not read the lifecycle configuration of bucket ${this.bucket}: ${name}` +
          `${status === undefined ? '' : ` (HTTP ${status})`}: ${(error as Error)?.message}`,
        { cause: error, retryable: status === 429 || (status !== undefined && status >= 500) },
      );
    }
  }
}

function earliestExpiration(prefix: string, rules: readonly LifecycleRule[]): PrefixExpiration {
  let earliest: PrefixExpiration = { prefix, expireAfterDays: null, source: 'no lifecycle rule' };
  for (const rule of rules) {
    if (rule.Status !== 'Enabled' || hasTagFilter(rule)) continue;
    const rulePrefix = rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? '';
    if (!prefix.startsWith(rulePrefix) && !rulePrefix.startsWith(prefix)) continue;
    const scope = rulePrefix.length > prefix.length ? `, on ${rulePrefix} only` : '';
    for (const ending of endings(rule)) {
      if (earliest.expireAfterDays === null || ending.days < earliest.expireAfterDays) {
        earliest = {
          prefix,
          expireAfterDays: ending.days,
          source: `lifecycle rule ${rule.ID ?? '(no id)'}${ending.how}${scope}`,
        };
      }
    }
  }
  return earliest;
}

/** The days after which the rule ends current objects' readability, one per action that does. */
function endings(rule: LifecycleRule): { days: number; how: string }[] {
  const found: { days: number; how: string }[] = [];
  const expiration = rule.Expiration;
  if (expiration?.Days !== undefined) found.push({ days: expiration.Days, how: '' });
  if (expiration?.Date !== undefined)
    found.push({ days: 0, how: ` (expires all on ${expiration.Date.toISOString().slice(0, 10)})` });
  for (const transition of rule.Transitions ?? []) {
    if (!UNREADABLE_STORAGE_CLASSES.has(transition.StorageClass ?? '')) continue;
    const how = ` (moves to ${transition.StorageClass})`;
    if (transition.Days !== undefined) found.push({ days: transition.Days, how });
    if (transition.Date !== undefined) found.push({ days: 0, how });
  }
  return found;
}

function hasTagFilter(rule: LifecycleRule): boolean {
  return rule.Filter?.Tag !== undefined || (rule.Filter?.And?.Tags?.length ?? 0) > 0;
}
