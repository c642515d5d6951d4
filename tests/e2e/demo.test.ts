import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DUPLICATE_LINES, DEMO_MALFORMED_LINES } from '../../lambdas/domain/demo/generate-demo-lake.ts';
import type { LandRunRecord } from '../../lambdas/jobs/land.ts';
import { runCli } from '../helpers/cli.ts';
import { tempLake, treeDigest } from '../helpers/temp-lake.ts';

const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((total, count) => total + count, 0);

describe('CLI: demo', () => {
  const lakes: { root: string; cleanup: () => Promise<void> }[] = [];
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    lakes.push(await tempLake(), await tempLake());
    const args = ['--as-of', '2026-06-01T06:00:00Z', 'demo'];
    first = await runCli(['--lake', lakes[0]!.root, ...args]);
    await runCli(['--lake', lakes[1]!.root, ...args]);
  }, 240_000);
  afterAll(() => Promise.all(lakes.map((lake) => lake.cleanup())));

  it('leaves a lake whose land run record adds up, and prints that summary', async () => {
    expect(first.code, first.stderr).toBe(0);
    const runs = join(lakes[0]!.root, 'state/runs/land');
    const [name] = await readdir(runs);
    const record: LandRunRecord = JSON.parse(await readFile(join(runs, name!), 'utf8'));

    // The generator declares what it broke on purpose; land must find exactly that.
    expect(record.totals.quarantined).toBe(
      sum(DEMO_MALFORMED_LINES.events) + sum(DEMO_MALFORMED_LINES.outcomes),
    );
    expect(record.totals.duplicates).toBe(DEMO_DUPLICATE_LINES.events + DEMO_DUPLICATE_LINES.outcomes);
    expect(record.totals.records_read).toBe(
      record.totals.valid + record.totals.duplicates + record.totals.quarantined,
    );
    expect(first.stdout).toContain('read = valid + duplicates + quarantined: yes');
    expect(first.stdout).toMatch(/total\s+[\d,]+\s+[\d,]+\s+8\s+10/);
  });

  it('gives byte-identical raw/ and quarantine/ when the same demo is landed into a second lake', async () => {
    const [a, b] = [lakes[0]!, lakes[1]!];

    for (const folder of ['raw', 'quarantine']) {
      const digest = await treeDigest(join(a.root, folder));
      expect(Object.keys(digest).length).toBeGreaterThan(0);
      expect(await treeDigest(join(b.root, folder))).toEqual(digest);
    }
  });

  it('ends with at least three different alert rules in the outbox and the report path', async () => {
    const outbox = join(lakes[0]!.root, 'outbox/alerts');
    const [file] = await readdir(outbox);
    const sent = JSON.parse(await readFile(join(outbox, file!), 'utf8'));
    const rules = new Set(JSON.stringify(sent).match(/"kind":"[a-z_]+"/g));

    expect(rules.size).toBeGreaterThanOrEqual(3);
    expect(first.stdout).toMatch(/alert \S+: \d+ alert\(s\) in \d+ message\(s\)/);
    expect(first.stdout).toContain(join(lakes[0]!.root, 'reports/latest.html'));
  });

  it('sends no alert again when the demo runs a second time on the same lake', async () => {
    const again = await runCli(['--lake', lakes[1]!.root, '--as-of', '2026-06-01T06:00:00Z', 'demo']);

    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/alert \S+: nothing new/);
    expect(await readdir(join(lakes[1]!.root, 'outbox/alerts'))).toHaveLength(1);
  });

  it('lands nothing new when the same lake is landed again', async () => {
    const before = await treeDigest(join(lakes[0]!.root, 'raw'));

    const again = await runCli(['--lake', lakes[0]!.root, 'land']);

    expect(again.stdout).toMatch(/0 landed, \d+ already landed/);
    expect(await treeDigest(join(lakes[0]!.root, 'raw'))).toEqual(before);
  });

  it('exits with 2 and names the problem on bad usage', async () => {
    const bad = await runCli(['--lake', lakes[0]!.root, 'demo', '--days', 'many']);

    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"many" is not a positive whole number');
  });
});
