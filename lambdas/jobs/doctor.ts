import { z } from 'zod';
import { type DoctorItem, type DoctorStatus, worstStatus } from '../domain/doctor.ts';
import { unmappedBillingNames } from '../domain/evidence/bedrock-billing-name.ts';
import { judgeRetention, RETENTION_PREFIXES, retentionUnknown } from '../domain/retention.ts';
import type { Settings } from '../domain/settings.ts';
import type { BillingConfigCheck } from '../ports/billing-config.ts';
import type { Clock } from '../ports/clock.ts';
import type { LakeRetention } from '../ports/lake-retention.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { loadPrices } from './compute.ts';
import { addDays } from './compute-partitions.ts';
import { loadPriceBook, loadSettings } from './load-config.ts';
import { refreshLocalRawCopies } from './local-raw-copies.ts';

/**
 * `doctor` (DESIGN §8): checks the contract details the figures rely on, over the
 * settings' recompute window up to `asOf`, on the curated data `compute` merged:
 * - every provider the cost events name has billing evidence (else it cannot be reconciled);
 * - every model in use has a price on every day it is used (else its requests are unpriced);
 * - allocation metadata is present: the share of production cost with no business unit
 *   stays under `completeness.max_unallocated_share` (an example target, 2% by default);
 * - cost events name their provider account (reconciliation meets bills on it);
 * - no provider account is billed by two sources at once (it would be counted twice);
 * - every Bedrock billing name billed (a usage type's name, `Claude3Haiku`, where a line has
 *   no resource ARN) is mapped to model ids in `reconciliation.bedrock_billing_names`;
 * - the billing exports are configured (through the billing config port, when given);
 * - the lake keeps incoming/, raw/ and quarantine/ as long as the jobs, a rebuild and a
 *   quarantine review read them back (domain/retention.ts; through the lake retention
 *   port, when given).
 * It writes no results: it creates missing views and, on DuckDB, reloads the local price
 * table and the local copies of the billing files it reads (local-raw-copies.ts).
 */
export interface DoctorDeps {
  readonly store: ObjectStore;
  readonly engine: QueryEngine;
  readonly clock: Clock;
  readonly warehouse: Warehouse;
  readonly catalog?: SqlCatalog;
  /** The CUR / Data Exports check in AWS, the files check locally; skipped when absent. */
  readonly billingConfig?: BillingConfigCheck;
  /** The bucket's lifecycle rules in AWS, the local directory locally; skipped when absent. */
  readonly lakeRetention?: LakeRetention;
}

export interface DoctorOptions {
  readonly asOf: Date;
}

export interface DoctorReport {
  readonly status: DoctorStatus;
  readonly as_of: string;
  readonly checked_at: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly items: readonly DoctorItem[];
}

const PRODUCTION = 'production';
const Count = z
  .string()
  .regex(/^\d+$/)
  .transform((value) => Number.parseInt(value, 10));
const Text = z.string();
const CountsRow = z.object({ requests: Count, environment_requests: Count, providers: Count });
const ProviderRow = z.object({
  provider: Text,
  requests: Count,
  first_request_day: Text,
  last_request_day: Text,
});
const UnpricedRow = z.object({
  provider: Text,
  model_or_deployment: Text,
  billing_category: Text,
  unpriced_requests: Count,
  unpriced_days: Count,
  first_unpriced_day: Text,
  last_unpriced_day: Text,
  missing_price_token_types: Text.nullable(),
});
const AllocationRow = z.object({
  currency: Text.nullable(),
  total_cost: Text,
  unallocated_cost: Text,
  unallocated_share: Text,
});
const AccountRow = z.object({ provider: Text, requests: Count, requests_without_account: Count });
const BilledModelRow = z.object({
  sku_or_model: Text,
  usage_lines: Count,
  first_billing_period: Text,
  last_billing_period: Text,
});
const OverlapRow = z.object({
  billing_period: Text,
  provider: Text,
  account_id: Text.nullable(),
  first_source: Text,
  last_source: Text,
});

export async function runDoctor(deps: DoctorDeps, options: DoctorOptions): Promise<DoctorReport> {
  const runner = new SqlRunner(deps.engine, deps.catalog ?? (await loadSqlCatalog()), deps.warehouse);
  const settings = await loadSettings(deps.store);
  const to = options.asOf.toISOString().slice(0, 10);
  const from = addDays(to, -(settings.recompute_window_days - 1));
  const days = { day_from: from, day_to: to };
  // Billing periods from the window's first month up to now: a bill arrives after its month.
  const billed = { dt_from: `${from.slice(0, 7)}-01`, dt_to: to };
  await runner.create(['requests', 'prices', 'int_requests__priced', 'v_billing_lines']);
  if (deps.warehouse.dialect === 'duckdb') {
    // The local price table and raw copies, as compute and reconcile load them, so doctor sees today's files.
    await loadPrices(runner, await loadPriceBook(deps.store));
    await refreshLocalRawCopies(deps.store, runner);
  }

  const items: DoctorItem[] = [];
  const [counts] = await runner.query(
    'int_requests__window_counts',
    { environment: PRODUCTION, ...days },
    CountsRow,
  );
  if (!counts || counts.requests === 0) {
    items.push({
      check: 'cost_events',
      status: 'warn',
      title: 'Cost events',
      detail: `no request merged for ${from}..${to}: run land and compute first, or check that applications send events`,
    });
  } else {
    items.push({
      check: 'cost_events',
      status: 'pass',
      title: 'Cost events',
      detail: `${counts.requests} requests to ${counts.providers} provider(s) for ${from}..${to}`,
    });
    items.push(await billingEvidence(runner, { ...days, ...billed }));
    items.push(await pricesCoverUsage(runner, days));
    items.push(
      await allocationPresent(
        runner,
        days,
        counts.environment_requests,
        settings.completeness.max_unallocated_share,
      ),
    );
    items.push(await accountsNamed(runner, days));
  }
  items.push(await sourcesNotOverlapping(runner, billed));
  items.push(await billingNamesMapped(runner, billed, settings.reconciliation.bedrock_billing_names));
  if (deps.billingConfig) items.push(...(await deps.billingConfig.check()));
  if (deps.lakeRetention) items.push(await retentionCovers(deps.lakeRetention, settings));

  return {
    status: worstStatus(items),
    as_of: options.asOf.toISOString(),
    checked_at: deps.clock.now().toISOString(),
    window: { from, to },
    items,
  };
}

async function billingEvidence(runner: SqlRunner, params: Record<string, string>): Promise<DoctorItem> {
  const missing = await runner.query('assert_providers_have_billing_evidence', params, ProviderRow);
  const title = 'Billing evidence for every provider in use';
  if (missing.length === 0)
    return {
      check: 'billing_evidence',
      status: 'pass',
      title,
      detail: 'every provider the events name has billing lines',
    };
  return {
    check: 'billing_evidence',
    status: 'warn',
    title,
    detail:
      `${missing.map((row) => `${row.provider} (${row.requests} requests, ${row.first_request_day}..${row.last_request_day})`).join(', ')} ` +
      'has no billing line: reconciliation will show no_billing_data. Deliver its bill under incoming/billing/ ' +
      '(FOCUS, CUR, invoice CSV) or configure land-billing for its API.',
  };
}

async function pricesCoverUsage(runner: SqlRunner, params: Record<string, string>): Promise<DoctorItem> {
  const unpriced = await runner.query('assert_models_priced_every_day', params, UnpricedRow);
  const title = 'A price for every model on every day it is used';
  if (unpriced.length === 0)
    return {
      check: 'prices_cover_usage',
      status: 'pass',
      title,
      detail: 'every request in the window is priced',
    };
  return {
    check: 'prices_cover_usage',
    status: 'fail',
    title,
    detail: `${unpriced
      .map(
        (row) =>
          `${row.provider} ${row.model_or_deployment} (${row.billing_category}): ${row.unpriced_requests} requests on ` +
          `${row.unpriced_days} day(s) ${row.first_unpriced_day}..${row.last_unpriced_day}, no ${row.missing_price_token_types ?? '?'} row`,
      )
      .join('; ')}. Add the rows to config/pricing/ and run compute again.`,
  };
}

async function allocationPresent(
  runner: SqlRunner,
  params: Record<string, string>,
  productionRequests: number,
  maxShare: number,
): Promise<DoctorItem> {
  const title = 'Allocation metadata on production cost';
  const target = `${trimRatio(maxShare * 100)}%`;
  if (productionRequests === 0)
    return {
      check: 'allocation_metadata',
      status: 'warn',
      title,
      detail: 'no production request in the window',
    };
  const over = await runner.query(
    'assert_production_cost_allocated',
    { ...params, environment: PRODUCTION, max_unallocated_share: maxShare },
    AllocationRow,
  );
  if (over.length === 0)
    return {
      check: 'allocation_metadata',
      status: 'pass',
      title,
      detail: `at most ${target} of production cost names no business unit (completeness.max_unallocated_share)`,
    };
  return {
    check: 'allocation_metadata',
    status: 'warn',
    title,
    detail: `${over
      .map(
        (row) => `${row.unallocated_cost} of ${row.total_cost} ${row.currency ?? ''} names no business unit`,
      )
      .join('; ')} (target at most ${target}): send business_unit on every production cost event.`,
  };
}

async function accountsNamed(runner: SqlRunner, params: Record<string, string>): Promise<DoctorItem> {
  const rows = await runner.query('assert_requests_name_provider_account', params, AccountRow);
  const title = 'Provider accounts on cost events';
  if (rows.length === 0)
    return {
      check: 'provider_accounts',
      status: 'pass',
      title,
      detail: 'every request names its provider_account',
    };
  return {
    check: 'provider_accounts',
    status: 'warn',
    title,
    detail:
      `${rows.map((row) => `${row.provider}: ${row.requests_without_account} of ${row.requests}`).join(', ')} requests ` +
      'name no provider_account; reconciliation meets bills per account, so set it (AWS account, OpenAI project, Anthropic workspace).',
  };
}

async function sourcesNotOverlapping(runner: SqlRunner, params: Record<string, string>): Promise<DoctorItem> {
  const rows = await runner.query('assert_billing_sources_not_overlapping', params, OverlapRow);
  const title = 'One billing source per provider account';
  if (rows.length === 0)
    return {
      check: 'billing_sources',
      status: 'pass',
      title,
      detail: 'no account is billed by two sources in a period',
    };
  return {
    check: 'billing_sources',
    status: 'warn',
    title,
    detail: `${rows
      .map(
        (row) =>
          `${row.billing_period} ${row.provider} ${row.account_id ?? '(no account)'}: ${row.first_source} and ${row.last_source}`,
      )
      .join('; ')} - reconciliation adds both; keep one source per account.`,
  };
}

async function billingNamesMapped(
  runner: SqlRunner,
  params: Record<string, string>,
  mapping: Settings['reconciliation']['bedrock_billing_names'],
): Promise<DoctorItem> {
  const billed = await runner.query('int_billing_lines__bedrock_models', params, BilledModelRow);
  const unmapped = unmappedBillingNames(billed, mapping);
  const title = 'Bedrock billing names mapped to model ids';
  if (unmapped.length === 0)
    return {
      check: 'bedrock_billing_names',
      status: 'pass',
      title,
      detail:
        'every Bedrock usage line names a model id or a billing name reconciliation.bedrock_billing_names maps',
    };
  return {
    check: 'bedrock_billing_names',
    status: 'warn',
    title,
    detail:
      `${unmapped
        .map(
          (row) =>
            `${row.sku_or_model} (${row.usage_lines} usage line(s), ${row.first_billing_period}..${row.last_billing_period})`,
        )
        .join(', ')}: ` +
      'names AWS bills Bedrock usage under where a line has no resource ARN, mapped to no model id, so ' +
      'reconciliation shows each on its own row with no estimate. Map each in reconciliation.bedrock_billing_names ' +
      'of config/settings.json (e.g. "Claude3Haiku": ["anthropic.claude-3-haiku-20240307-v1:0"]).',
  };
}

/** An unreadable configuration (no permission, throttled) is a finding, as in the billing config check. */
async function retentionCovers(lakeRetention: LakeRetention, settings: Settings): Promise<DoctorItem> {
  let expirations: Awaited<ReturnType<LakeRetention['expirations']>>;
  try {
    expirations = await lakeRetention.expirations(RETENTION_PREFIXES);
  } catch (error) {
    return retentionUnknown(error instanceof Error ? error.message : String(error));
  }
  return judgeRetention(expirations, settings);
}

/** A share for display (`2`, `2.5`): a settings value, not money. */
function trimRatio(value: number): string {
  return String(Number(value.toFixed(6)));
}
