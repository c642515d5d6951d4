/**
 * The documented finance views (DESIGN §7): part of the public interface. The stack
 * lists them in its outputs; the SQL in `sql/marts/` creates them.
 */
export const FINANCE_VIEWS = [
  'v_request_costs',
  'v_unit_costs',
  'v_unit_economics_daily',
  'v_unit_economics_weekly',
  'v_data_completeness',
  'v_billing_lines',
  'v_reconciliation',
  'v_cost_outliers',
  'v_alerts',
] as const;

export type FinanceView = (typeof FINANCE_VIEWS)[number];
