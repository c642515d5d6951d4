import { GetBucketLifecycleConfigurationCommand, type LifecycleRule, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3LakeRetention } from '../../../../lambdas/adapters/s3/s3-lake-retention.ts';
import { StorageError } from '../../../../lambdas/domain/errors.ts';

/** Errors shaped as the SDK throws them: a name and the HTTP status in $metadata. */
function sdkError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/** The rules lib/data-lake.ts gives the lake bucket, as GetBucketLifecycleConfiguration returns them. */
const STACK_RULES: LifecycleRule[] = [
  { ID: 'expire-raw', Status: 'Enabled', Filter: { Prefix: 'raw/' }, Expiration: { Days: 731 } },
  {
    ID: 'expire-quarantine',
    Status: 'Enabled',
    Filter: { Prefix: 'quarantine/' },
    Expiration: { Days: 731 },
  },
  {
    ID: 'expire-athena-results',
    Status: 'Enabled',
    Filter: { Prefix: 'athena-results/' },
    Expiration: { Days: 7 },
  },
  {
    ID: 'expire-old-versions',
    Status: 'Enabled',
    Filter: {},
    Expiration: { ExpiredObjectDeleteMarker: true },
    NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
  },
];

describe('Adapter: S3LakeRetention', () => {
  const client = new S3Client({ region: 'us-east-1' });
  const s3 = mockClient(client);
  const retention = new S3LakeRetention({ client, bucket: 'lake' });

  beforeEach(() => s3.reset());

  it('reports that nothing expires when the bucket has no lifecycle configuration', async () => {
    // Prepare
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(
      sdkError('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist'),
    );

    // Act
    const found = await retention.expirations(['raw/events/', 'incoming/']);

    // Assess
    expect(found).toEqual([
      { prefix: 'raw/events/', expireAfterDays: null, source: 'no lifecycle rule' },
      { prefix: 'incoming/', expireAfterDays: null, source: 'no lifecycle rule' },
    ]);
    expect(s3.commandCalls(GetBucketLifecycleConfigurationCommand)[0]?.args[0].input).toEqual({
      Bucket: 'lake',
    });
  });

  it("reads the stack's rules: raw/ and quarantine/ after 731 days, incoming/ never", async () => {
    // Prepare
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: STACK_RULES });

    // Act
    const found = await retention.expirations(['raw/billing_lines/', 'quarantine/', 'incoming/']);

    // Assess: the bucket-wide rule only cleans up old versions, markers and uploads.
    expect(found).toEqual([
      { prefix: 'raw/billing_lines/', expireAfterDays: 731, source: 'lifecycle rule expire-raw' },
      { prefix: 'quarantine/', expireAfterDays: 731, source: 'lifecycle rule expire-quarantine' },
      { prefix: 'incoming/', expireAfterDays: null, source: 'no lifecycle rule' },
    ]);
  });

  it('takes the earliest enabled rule, by Filter.Prefix, legacy Prefix, And.Prefix or no prefix', async () => {
    // Prepare
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({
      Rules: [
        { ID: 'filter', Status: 'Enabled', Filter: { Prefix: 'raw/' }, Expiration: { Days: 400 } },
        { ID: 'legacy', Status: 'Enabled', Prefix: 'raw/events/', Expiration: { Days: 300 } },
        {
          ID: 'sized',
          Status: 'Enabled',
          Filter: { And: { Prefix: 'raw/outcomes/', ObjectSizeGreaterThan: 1024 } },
          Expiration: { Days: 200 },
        },
        { ID: 'everything', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 500 } },
        { ID: 'off', Status: 'Disabled', Filter: { Prefix: 'raw/' }, Expiration: { Days: 1 } },
      ],
    });

    // Act
    const found = await retention.expirations([
      'raw/billing_lines/',
      'raw/events/',
      'raw/outcomes/',
      'incoming/',
    ]);

    // Assess
    expect(
      found.map((expiration) => [expiration.prefix, expiration.expireAfterDays, expiration.source]),
    ).toEqual([
      ['raw/billing_lines/', 400, 'lifecycle rule filter'],
      ['raw/events/', 300, 'lifecycle rule legacy'],
      ['raw/outcomes/', 200, 'lifecycle rule sized'],
      ['incoming/', 500, 'lifecycle rule everything'],
    ]);
  });

  it('counts a rule on part of a prefix, and skips rules limited to tagged objects', async () => {
    // Prepare
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({
      Rules: [
        {
          ID: 'cur',
          Status: 'Enabled',
          Filter: { Prefix: 'incoming/billing/cur/' },
          Expiration: { Days: 90 },
        },
        {
          ID: 'tagged',
          Status: 'Enabled',
          Filter: { Tag: { Key: 'temporary', Value: 'yes' } },
          Expiration: { Days: 1 },
        },
        {
          ID: 'tagged-raw',
          Status: 'Enabled',
          Filter: { And: { Prefix: 'raw/', Tags: [{ Key: 'temporary', Value: 'yes' }] } },
          Expiration: { Days: 1 },
        },
      ],
    });

    // Act
    const found = await retention.expirations(['incoming/', 'raw/events/']);

    // Assess
    expect(found).toEqual([
      {
        prefix: 'incoming/',
        expireAfterDays: 90,
        source: 'lifecycle rule cur, on incoming/billing/cur/ only',
      },
      { prefix: 'raw/events/', expireAfterDays: null, source: 'no lifecycle rule' },
    ]);
  });

  it('counts a move to Glacier Flexible Retrieval or Deep Archive, and an expiration on a date as 0 days', async () => {
    // Prepare
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({
      Rules: [
        {
          ID: 'tiers',
          Status: 'Enabled',
          Filter: { Prefix: 'raw/' },
          Transitions: [
            { Days: 30, StorageClass: 'STANDARD_IA' },
            { Days: 60, StorageClass: 'GLACIER_IR' },
            { Days: 180, StorageClass: 'DEEP_ARCHIVE' },
          ],
        },
        {
          ID: 'archive',
          Status: 'Enabled',
          Filter: { Prefix: 'quarantine/' },
          Transitions: [{ Days: 90, StorageClass: 'GLACIER' }],
        },
        {
          ID: 'cutoff',
          Status: 'Enabled',
          Filter: { Prefix: 'incoming/' },
          Expiration: { Date: new Date('2027-01-01T00:00:00Z') },
        },
      ],
    });

    // Act
    const found = await retention.expirations(['raw/events/', 'quarantine/', 'incoming/']);

    // Assess: Standard-IA and Glacier Instant Retrieval stay readable.
    expect(found).toEqual([
      { prefix: 'raw/events/', expireAfterDays: 180, source: 'lifecycle rule tiers (moves to DEEP_ARCHIVE)' },
      { prefix: 'quarantine/', expireAfterDays: 90, source: 'lifecycle rule archive (moves to GLACIER)' },
      {
        prefix: 'incoming/',
        expireAfterDays: 0,
        source: 'lifecycle rule cutoff (expires all on 2027-01-01)',
      },
    ]);
  });

  it('throws a StorageError naming the bucket when the configuration cannot be read', async () => {
    // Prepare
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(sdkError('AccessDenied', 403, 'Access Denied'));

    // Act
    const error = await retention.expirations(['raw/']).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toBe(
      'could not read the lifecycle configuration of bucket lake: AccessDenied (HTTP 403): Access Denied',
    );
    expect((error as StorageError).retryable).toBe(false);
  });

  it('marks a throttled read as worth retrying', async () => {
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(
      sdkError('SlowDown', 503, 'Please reduce your request rate'),
    );

    const error = await retention.expirations(['raw/']).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).retryable).toBe(true);
  });
});
