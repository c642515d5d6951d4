import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ALERT_SCHEMA_VERSION, type Alert, AlertSchema } from '../../domain/alerts/alert.ts';
import type { AlertTransition } from '../../domain/alerts/alert-lifecycle.ts';
import type { ObjectInfo, ObjectStore } from '../../ports/object-store.ts';

/**
 * The alert state in the object store, safe under concurrent `alert` runs with nothing
 * but put-if-absent (S3 `If-None-Match: *`, a hard link locally).
 *
 * Every state change of a dedupe key is one immutable object, claimed before anything
 * is sent:
 *
 *   state/alerts/keys/<id>/e0001-s0000-a00.json       the claim: the change and the alert after it
 *   state/alerts/keys/<id>/e0001-s0000-a00.sent.json  written once the notifier accepted the digest
 *   state/alerts/keys/<id>/e0001-s0000-a00.done.json  the same for a silent change (nothing to send)
 *   state/alerts/keys/<id>/seen.json                  the latest figures and last_seen (plain put)
 *
 * `<id>` hashes the dedupe key; `e` is the episode, `s` the change within it, `a` the
 * attempt. Protocol of one change:
 * 1. Both of two concurrent runs read the same state, so they plan the same change at the
 *    same (episode, sequence). Each put-if-absents the claim; exactly one wins and the
 *    other drops that change: it is never sent twice.
 * 2. The winner publishes the digest holding its claims, and only after the notifier
 *    accepted it writes the `.sent` markers ("marked sent only after SNS accepted").
 * 3. A publish that fails releases its claims (deletes them) so the next run plans the
 *    change again. A run that dies between claim and marker leaves an unmarked claim: it
 *    counts as in flight for `leaseMillis` (longer than a run can last), during which
 *    other runs leave the key alone; after that it is abandoned and the next run claims
 *    the change again under the next attempt number.
 * A change takes effect only with its marker: the state of a key is its latest marked
 * claim plus `seen.json` for figures refreshed without a change. At worst, a publish
 * that SNS accepted but whose answer was lost is sent again later: at-least-once.
 */
export const ALERT_STATE_PREFIX = 'state/alerts/';
const KEYS_PREFIX = `${ALERT_STATE_PREFIX}keys/`;
export const ALERT_HISTORY_KEY = `${ALERT_STATE_PREFIX}history/alerts.ndjson`;

const CHANGES = ['opened', 'escalated', 'deescalated', 'resolved', 'superseded'] as const;

export const ClaimRecordSchema = z.object({
  schema_version: z.literal(ALERT_SCHEMA_VERSION),
  dedupe_key: z.string(),
  episode: z.number().int().min(1),
  sequence: z.number().int().min(0),
  attempt: z.number().int().min(0),
  change: z.enum(CHANGES),
  notify: z.boolean(),
  run_id: z.string(),
  claimed_at: z.iso.datetime(),
  alert: AlertSchema,
});
export type ClaimRecord = z.infer<typeof ClaimRecordSchema>;

const SeenRecordSchema = z.object({
  episode: z.number().int(),
  sequence: z.number().int(),
  alert: AlertSchema,
});

const CLAIM_FILE = /^e(\d{4,})-s(\d{4,})-a(\d{2,})(?:\.(sent|done))?\.json$/;

interface StepFiles {
  readonly episode: number;
  readonly sequence: number;
  /** Attempt → claim object, and which attempts have a marker. */
  readonly claims: Map<number, ObjectInfo>;
  readonly sent: Map<number, ObjectInfo>;
  readonly done: Set<number>;
}

interface KeyFolder {
  readonly id: string;
  readonly steps: StepFiles[];
  seen?: ObjectInfo;
}

/** The state as one run reads it. */
export interface LoadedAlertState {
  /** The effective alert of every key (latest marked change, refreshed by seen.json). */
  readonly alerts: readonly Alert[];
  /** Keys with a claim in flight: this run leaves them alone. */
  readonly inFlight: ReadonlySet<string>;
  /** The attempt number under which to claim a change at (episode, sequence) of a key. */
  attemptFor(dedupeKey: string, episode: number, sequence: number): number;
}

/** One row of the alert history (`v_alerts`): one episode of one dedupe key. */
export interface AlertHistoryEntry {
  readonly alert: Alert;
  /** Messages sent in this episode (opened, severity changes, resolution). */
  readonly notifications: number;
  readonly last_notified_at: string | null;
}

export class AlertStateStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly leaseMillis: number,
  ) {}

  static idOf(dedupeKey: string): string {
    return createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32);
  }

  async load(now: Date): Promise<LoadedAlertState> {
    const folders = await this.listFolders();
    const alerts: Alert[] = [];
    const inFlight = new Set<string>();
    const attempts = new Map<string, number>();
    await forEachLimited([...folders.values()], 16, async (folder) => {
      const steps = [...folder.steps].sort((a, b) => b.episode - a.episode || b.sequence - a.sequence);
      for (const step of steps) {
        const attempt = Math.max(...step.claims.keys());
        const record = await this.readClaim(step.claims.get(attempt) as ObjectInfo);
        if (!record) continue;
        attempts.set(stepKey(record.dedupe_key, step.episode, step.sequence), attempt + 1);
        if (step.sent.has(attempt) || step.done.has(attempt)) {
          alerts.push(await this.withSeen(folder, record.alert));
          return;
        }
        if (now.getTime() - Date.parse(record.claimed_at) < this.leaseMillis) {
          inFlight.add(record.dedupe_key);
          return;
        }
        // Abandoned: its run died before the notifier accepted it. The change below it stands.
      }
    });
    return {
      alerts: alerts.sort((a, b) => a.dedupe_key.localeCompare(b.dedupe_key)),
      inFlight,
      attemptFor: (dedupeKey, episode, sequence) => attempts.get(stepKey(dedupeKey, episode, sequence)) ?? 0,
    };
  }

  /** Claims one change; false when another run claimed it first. */
  async claim(record: ClaimRecord): Promise<boolean> {
    return this.store.putIfAbsent(this.claimKey(record), json(record), { contentType: 'application/json' });
  }

  /** After the notifier accepted the digest holding this claim (or at once, for a silent change). */
  async markDone(
    record: ClaimRecord,
    detail: { runId: string; at: Date; messageId: string | null },
  ): Promise<void> {
    const marker = this.claimKey(record).replace(/\.json$/, record.notify ? '.sent.json' : '.done.json');
    await this.store.put(
      marker,
      json({ run_id: detail.runId, marked_at: detail.at.toISOString(), message_id: detail.messageId }),
      { contentType: 'application/json' },
    );
  }

  /** Gives a claim back after its publish failed, so the next run can send the change. */
  async release(records: readonly ClaimRecord[]): Promise<void> {
    await this.store.delete(records.map((record) => this.claimKey(record)));
  }

  /** The latest figures of alerts that broke again without a change (last writer wins: they are only figures). */
  async saveSeen(alerts: readonly Alert[]): Promise<void> {
    await forEachLimited(alerts, 16, async (alert) => {
      await this.store.put(
        `${KEYS_PREFIX}${AlertStateStore.idOf(alert.dedupe_key)}/seen.json`,
        json({ episode: alert.episode, sequence: alert.sequence, alert }),
        { contentType: 'application/json' },
      );
    });
  }

  /** Every episode of every key, with its latest marked change: the rows of `v_alerts`. */
  async history(): Promise<AlertHistoryEntry[]> {
    const folders = await this.listFolders();
    const entries: AlertHistoryEntry[] = [];
    await forEachLimited([...folders.values()], 16, async (folder) => {
      const episodes = new Map<number, StepFiles[]>();
      for (const step of folder.steps)
        episodes.set(step.episode, [...(episodes.get(step.episode) ?? []), step]);
      const latestEpisode = Math.max(...episodes.keys());
      for (const [episode, steps] of episodes) {
        const marked = steps
          .flatMap((step) =>
            [...step.claims.entries()].filter(
              ([attempt]) => step.sent.has(attempt) || step.done.has(attempt),
            ),
          )
          .map(([, info]) => info)
          .sort((a, b) => b.key.localeCompare(a.key));
        const top = marked[0];
        if (!top) continue;
        const record = await this.readClaim(top);
        if (!record) continue;
        const sent = steps.flatMap((step) => [...step.sent.values()]);
        const lastSent =
          sent
            .map((info) => info.lastModified.toISOString())
            .sort()
            .at(-1) ?? null;
        const alert = episode === latestEpisode ? await this.withSeen(folder, record.alert) : record.alert;
        entries.push({ alert, notifications: sent.length, last_notified_at: lastSent });
      }
    });
    return entries.sort(
      (a, b) =>
        a.alert.first_seen.localeCompare(b.alert.first_seen) ||
        a.alert.dedupe_key.localeCompare(b.alert.dedupe_key),
    );
  }

  async writeHistory(ndjson: string): Promise<void> {
    await this.store.put(ALERT_HISTORY_KEY, ndjson, { contentType: 'application/x-ndjson' });
  }

  private claimKey(record: Pick<ClaimRecord, 'dedupe_key' | 'episode' | 'sequence' | 'attempt'>): string {
    const name = `e${pad(record.episode, 4)}-s${pad(record.sequence, 4)}-a${pad(record.attempt, 2)}.json`;
    return `${KEYS_PREFIX}${AlertStateStore.idOf(record.dedupe_key)}/${name}`;
  }

  private async listFolders(): Promise<Map<string, KeyFolder>> {
    const folders = new Map<string, KeyFolder>();
    for await (const info of this.store.list(KEYS_PREFIX)) {
      const [id, name] = info.key.slice(KEYS_PREFIX.length).split('/');
      if (!id || !name) continue;
      const folder = folders.get(id) ?? { id, steps: [] };
      folders.set(id, folder);
      if (name === 'seen.json') {
        folder.seen = info;
        continue;
      }
      const match = CLAIM_FILE.exec(name);
      if (!match) continue;
      const episode = Number(match[1]);
      const sequence = Number(match[2]);
      const attempt = Number(match[3]);
      let step = folder.steps.find((item) => item.episode === episode && item.sequence === sequence);
      if (!step) {
        step = { episode, sequence, claims: new Map(), sent: new Map(), done: new Set() };
        folder.steps.push(step);
      }
      if (match[4] === 'sent') step.sent.set(attempt, info);
      else if (match[4] === 'done') step.done.add(attempt);
      else step.claims.set(attempt, info);
    }
    for (const [id, folder] of folders) {
      const steps = folder.steps.filter((step) => step.claims.size > 0);
      if (steps.length === 0) folders.delete(id);
      else folder.steps.splice(0, folder.steps.length, ...steps);
    }
    return folders;
  }

  private async readClaim(info: ObjectInfo): Promise<ClaimRecord | undefined> {
    // A claim released between the listing and this read is simply gone.
    const bytes = await this.store.getBytes(info.key);
    if (!bytes) return undefined;
    return ClaimRecordSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  }

  /** The alert with the figures and last_seen of later runs that saw it break without a change. */
  private async withSeen(folder: KeyFolder, alert: Alert): Promise<Alert> {
    if (!folder.seen) return alert;
    const bytes = await this.store.getBytes(folder.seen.key);
    if (!bytes) return alert;
    const seen = SeenRecordSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    if (!seen.success || seen.data.episode !== alert.episode || seen.data.sequence !== alert.sequence)
      return alert;
    if (seen.data.alert.last_seen <= alert.last_seen) return alert;
    return { ...seen.data.alert, state: alert.state, severity: alert.severity };
  }
}

function stepKey(dedupeKey: string, episode: number, sequence: number): string {
  return `${dedupeKey}\n${episode}\n${sequence}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Transitions with their claim, as the job sends them. */
export interface ClaimedTransition {
  readonly transition: AlertTransition;
  readonly record: ClaimRecord;
}
