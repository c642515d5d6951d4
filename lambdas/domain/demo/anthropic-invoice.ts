import type { UsageLine } from './billing-usage.ts';
import { PROVIDER_ACCOUNTS } from './catalog.ts';
import { toCsv } from './csv.ts';
import type { DemoFile } from './demo-file.ts';
import { type BillingMonth, DAY_MS, type DemoWindow, HOUR_MS } from './demo-window.ts';
import { type BilledTokenType, fixedDecimal, roundPico } from './prices.ts';

/**
 * The Anthropic bill as a plain invoice CSV (`incoming/billing/invoice-csv/anthropic/
 * YYYY-MM.csv`), issued the day after a month closes: one usage line per workspace,
 * model and token type in cents, sales tax per workspace, a one-off service credit on the
 * first invoice, and, on the invoice of the fullest month, usage billed 7% above the
 * price table with nothing to explain it.
 */
export const INVOICE_COLUMNS = [
  'billing_period',
  'provider',
  'account',
  'description',
  'category',
  'amount',
  'currency',
] as const;

const TOKEN_LABEL: Record<BilledTokenType, string> = {
  input: 'input tokens',
  cached_input: 'cache read tokens',
  cache_write: 'cache write tokens',
  output: 'output tokens',
};
const TAX_PERCENT = 8n;
const CREDIT_PERCENT = 5n;
export const UNEXPLAINED_VARIANCE_PERCENT = 7n;

export function anthropicInvoiceFiles(
  months: readonly BillingMonth[],
  lines: readonly UsageLine[],
  window: DemoWindow,
): DemoFile[] {
  const issuedAt = (month: BillingMonth) => month.endMs + DAY_MS + 9 * HOUR_MS;
  const invoiced = months.filter((month) => month.closed && issuedAt(month) <= window.endMs);
  const varianceMonth = fullestMonth(invoiced);

  return invoiced.map((month, index) => {
    const markup = month === varianceMonth ? 100n + UNEXPLAINED_VARIANCE_PERCENT : 100n;
    const monthLines = lines.filter((line) => line.dayMs >= month.startMs && line.dayMs < month.endMs);
    const rows: string[][] = [];
    const row = (account: string, description: string, category: string, amountPico: bigint) =>
      rows.push([
        month.period,
        'anthropic',
        account,
        description,
        category,
        fixedDecimal(amountPico, 2),
        'USD',
      ]);

    const usageByAccount = new Map<string, bigint>();
    for (const [id, costPico] of totals(monthLines)) {
      const [account = '', model = '', tokenType = 'input'] = id.split('|');
      const amount = roundPico((costPico * markup) / 100n, 2);
      row(account, `${model}, ${TOKEN_LABEL[tokenType as BilledTokenType]}`, 'usage', amount);
      usageByAccount.set(account, (usageByAccount.get(account) ?? 0n) + amount);
    }
    const production = PROVIDER_ACCOUNTS.production.anthropic;
    const productionUsage = usageByAccount.get(production) ?? 0n;
    if (index === 0 && productionUsage > 0n) {
      row(
        production,
        'Service credit: API incident',
        'credit',
        -roundPico((productionUsage * CREDIT_PERCENT) / 100n, 2),
      );
    }
    for (const [account, usage] of usageByAccount) {
      const tax = roundPico((usage * TAX_PERCENT) / 100n, 2);
      if (tax !== 0n) row(account, 'Sales tax', 'tax', tax);
    }
    return {
      key: `incoming/billing/invoice-csv/anthropic/${month.period}.csv`,
      body: toCsv(INVOICE_COLUMNS, rows),
      receivedAt: new Date(issuedAt(month)),
    };
  });
}

/** The invoiced month with the most traffic days (the earliest of equals). */
export function fullestMonth(months: readonly BillingMonth[]): BillingMonth | undefined {
  return months.reduce<BillingMonth | undefined>(
    (best, month) =>
      best && best.usageEndMs - best.usageStartMs >= month.usageEndMs - month.usageStartMs ? best : month,
    undefined,
  );
}

/** Cost per account, model and token type, in a stable order. */
function totals(lines: readonly UsageLine[]): [string, bigint][] {
  const sums = new Map<string, bigint>();
  for (const line of lines) {
    const id = `${line.account}|${line.model}|${line.tokenType}`;
    sums.set(id, (sums.get(id) ?? 0n) + line.costPico);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b));
}
