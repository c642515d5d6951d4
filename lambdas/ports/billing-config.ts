import type { DoctorItem } from '../domain/doctor.ts';

/**
 * The billing configuration check (DESIGN §3): in AWS, whether the Cost and Usage
 * Report and the Data Exports that feed reconciliation are defined as the SQL expects;
 * locally, which billing evidence files are present. Never throws for a finding: a
 * missing permission or export is an item.
 */
export interface BillingConfigCheck {
  check(): Promise<DoctorItem[]>;
}
