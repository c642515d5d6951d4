import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../../../../lambdas/adapters/local/directory-object-store.ts';
import { type OutboxFile, OutboxNotifier } from '../../../../lambdas/adapters/local/outbox-notifier.ts';
import { sampleTransition } from '../../../helpers/alert-transitions.ts';

const RUN = '2026-05-19T05-30-00-000Z-alert-1a2b3c4d';

describe('Adapter: OutboxNotifier', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'aiue-outbox-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes each digest of a run to outbox/alerts/<run>.json with its subject, body and lines', async () => {
    // Prepare
    const notifier = new OutboxNotifier(new DirectoryObjectStore(root));
    const critical = {
      run_id: RUN,
      severity: 'critical' as const,
      transitions: [sampleTransition('escalated', { severity: 'critical' })],
    };
    const info = { run_id: RUN, severity: 'info' as const, transitions: [sampleTransition('resolved')] };

    // Act
    const first = await notifier.publish(critical);
    const second = await notifier.publish(info);

    // Assess
    expect(await readdir(join(root, 'outbox', 'alerts'))).toEqual([`${RUN}.json`]);
    const file = JSON.parse(
      await readFile(join(root, 'outbox', 'alerts', `${RUN}.json`), 'utf8'),
    ) as OutboxFile;
    expect(file.run_id).toBe(RUN);
    expect(file.messages.map((message) => [message.severity, message.subject])).toEqual([
      ['critical', '[ai-unit-economics] 1 critical: revenue-ops/account_research unallocated 6%'],
      ['info', '[ai-unit-economics] 1 resolved: revenue-ops/account_research unallocated 6%'],
    ]);
    expect(file.messages[0]?.lines).toEqual([
      'critical  now more severe  unallocated_cost_share  2026-W20  revenue-ops/account_research unallocated 6%',
    ]);
    expect(file.messages[1]?.body).toContain('1. [RESOLVED] Unallocated production cost share (resolved)');
    expect(file.messages[1]?.body).toContain(
      'What happened: the condition has cleared. It was last seen at 2026-05-19T05:30:00.000Z',
    );
    expect(file.messages[0]?.transitions[0]?.alert.dedupe_key).toBe(
      critical.transitions[0]?.alert.dedupe_key,
    );
    expect([first.messageId, second.messageId]).toEqual([
      `outbox/alerts/${RUN}.json#1`,
      `outbox/alerts/${RUN}.json#2`,
    ]);
  });
});
