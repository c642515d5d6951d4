/**
 * What `doctor` reports (DESIGN §8): one item per contract detail the design relies on
 * (billing evidence for every provider, prices for every model and day, allocation
 * metadata, billing exports configured, retention), each pass, warn or fail with what
 * was found and what to do.
 */
export const DOCTOR_STATUSES = ['pass', 'warn', 'fail'] as const;
export type DoctorStatus = (typeof DOCTOR_STATUSES)[number];

export interface DoctorItem {
  /** Stable id, for scripts: `billing_evidence`, `prices_cover_usage`, `cur_report`, … */
  readonly check: string;
  readonly status: DoctorStatus;
  readonly title: string;
  /** What was found and, unless it passed, what to do. */
  readonly detail: string;
}

/** The worst status of the items: fail over warn over pass; pass when there are none. */
export function worstStatus(items: readonly DoctorItem[]): DoctorStatus {
  if (items.some((item) => item.status === 'fail')) return 'fail';
  if (items.some((item) => item.status === 'warn')) return 'warn';
  return 'pass';
}

/** `PASS  title: detail`, one line per item, for the CLI. */
export function formatDoctorItems(items: readonly DoctorItem[]): string[] {
  return items.map((item) => `${item.status.toUpperCase().padEnd(4)}  ${item.title}: ${item.detail}`);
}
