import type { OutcomeValue } from '../contract-fields.ts';
import {
  type CallSpec,
  type Environment,
  type Fate,
  type ModelSpec,
  OUTLIER_TENANT,
  OUTLIER_TOKEN_SCALE,
  OUTLIER_WORKFLOW,
  PROVIDER_ACCOUNTS,
  STAGING_TENANT,
  STAGING_UNIT_SHARE,
  TENANTS,
  WORKFLOWS,
  type WorkflowSpec,
} from './catalog.ts';
import { DAY_MS, type DemoWindow, HOUR_MS } from './demo-window.ts';
import type { DemoBillingCategory, TokenUsage } from './prices.ts';
import type { Random } from './random.ts';

/**
 * The API traffic of the demo company: business units (support cases, documents,
 * research briefs, code changes), each a few model calls, each call one or more
 * attempts (retries, fallbacks on timeouts), plus requests that name no unit.
 */
export type RequestStatus = 'succeeded' | 'failed' | 'timeout' | 'partial';
export type Reporting = 'event' | 'inline' | 'none';

export interface DemoRequest {
  readonly requestId: string;
  readonly timestampMs: number;
  readonly environment: Environment;
  readonly workflow: WorkflowSpec;
  readonly tenant: string | null;
  readonly model: ModelSpec;
  readonly account: string;
  readonly billingCategory: DemoBillingCategory;
  readonly promptVersion: string;
  readonly usage: TokenUsage;
  readonly attempt: number;
  /** `provider/model->provider/model` when the attempt went to the fallback. */
  readonly fallbackRoute: string | null;
  readonly status: RequestStatus;
  readonly unit: { readonly unitId: string; readonly outcome: OutcomeValue | null } | null;
}

export interface DemoUnit {
  readonly workflow: WorkflowSpec;
  readonly environment: Environment;
  readonly tenant: string;
  readonly unitId: string;
  readonly fate: Fate;
  readonly reporting: Reporting;
  readonly requests: readonly DemoRequest[];
}

export interface DemoTraffic {
  readonly units: readonly DemoUnit[];
  /** Every request, units' and unallocated, in time order. */
  readonly requests: readonly DemoRequest[];
}

/** Requests by hour of day (UTC): European mornings through American afternoons. */
const HOUR_WEIGHTS = [
  0.3, 0.25, 0.2, 0.2, 0.25, 0.4, 0.7, 1, 1.3, 1.5, 1.6, 1.6, 1.6, 1.7, 1.8, 1.8, 1.7, 1.5, 1.3, 1.1, 0.9,
  0.7, 0.5, 0.4,
];
const WEEKDAY_FACTOR = 1.15;
const WEEKEND_FACTOR = 0.5;
const TIMEOUT_SHARE_OF_FAILURES = 0.4;
const PARTIAL_SHARE = 0.005;

export function generateTraffic(window: DemoWindow, requestsPerDay: number, random: Random): DemoTraffic {
  const ids = new RequestIds(random.fork('request-ids'));
  const sequences = new Map<string, number>();
  const units: DemoUnit[] = [];
  const unallocated: DemoRequest[] = [];

  window.days.forEach((_, dayIndex) => {
    const dayMs = window.startMs + dayIndex * DAY_MS;
    const weekday = new Date(dayMs).getUTCDay();
    const dayFactor = weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : WEEKDAY_FACTOR;
    for (const workflow of WORKFLOWS) {
      const meanUnits = (requestsPerDay * workflow.requestShare * dayFactor) / workflow.requestsPerUnit;
      for (const environment of ['production', 'staging'] as const) {
        const share = environment === 'production' ? 1 - STAGING_UNIT_SHARE : STAGING_UNIT_SHARE;
        const count = random.round(meanUnits * share * random.between(0.85, 1.15));
        let allocatedRequests = 0;
        for (let i = 0; i < count; i++) {
          const key = `${environment}/${workflow.workflow}`;
          const sequence = (sequences.get(key) ?? 0) + 1;
          sequences.set(key, sequence);
          const unit = planUnit(
            workflow,
            environment,
            sequence,
            startOfWork(dayMs, random),
            window,
            ids,
            random,
          );
          // A unit still in progress when the window ends is not in the sample.
          if (unit.requests.every((request) => request.timestampMs < window.endMs)) {
            units.push(unit);
            allocatedRequests += unit.requests.length;
          }
        }
        if (environment === 'production') {
          const mean = (allocatedRequests * workflow.unallocatedShare) / (1 - workflow.unallocatedShare);
          for (let i = random.round(mean); i > 0; i--) {
            const requests = unallocatedCall(workflow, startOfWork(dayMs, random), window, ids, random);
            unallocated.push(...requests.filter((request) => request.timestampMs < window.endMs));
          }
        }
      }
    }
  });

  const requests = [...units.flatMap((unit) => unit.requests), ...unallocated].sort(
    (a, b) => a.timestampMs - b.timestampMs || a.requestId.localeCompare(b.requestId),
  );
  return { units, requests };
}

function startOfWork(dayMs: number, random: Random): number {
  return dayMs + random.index(HOUR_WEIGHTS) * HOUR_MS + Math.floor(random.next() * HOUR_MS);
}

function planUnit(
  workflow: WorkflowSpec,
  environment: Environment,
  sequence: number,
  startMs: number,
  window: DemoWindow,
  ids: RequestIds,
  random: Random,
): DemoUnit {
  const production = environment === 'production';
  const tenant = production ? random.weighted(TENANTS) : STAGING_TENANT;
  const fate = random.weighted(workflow.fates);
  const reporting = random.weighted(workflow.reporting);
  const unitId = `${production ? '' : 'STG-'}${workflow.unitId(sequence, random)}`;
  const outlier = production && tenant === OUTLIER_TENANT && workflow.workflow === OUTLIER_WORKFLOW;
  const scale = outlier ? OUTLIER_TOKEN_SCALE : 1;
  const context: CallContext = {
    workflow,
    environment,
    tenant,
    promptVersion: promptVersionAt(workflow, startMs, window, random),
    unitId,
  };

  const requests: DemoRequest[] = [];
  let atMs = startMs;
  for (const call of workflow.calls(fate, random)) {
    const attempts = attemptsOf(call, context, atMs, scale, ids, random);
    requests.push(...attempts);
    atMs = (attempts[attempts.length - 1]?.timestampMs ?? atMs) + Math.floor(random.between(4_000, 150_000));
  }
  // The last request reports the verdict when the application knows it inline.
  const last = requests.pop();
  if (last) requests.push(reporting === 'inline' ? { ...last, unit: { unitId, outcome: fate } } : last);
  return { workflow, environment, tenant, unitId, fate, reporting, requests };
}

function unallocatedCall(
  workflow: WorkflowSpec,
  startMs: number,
  window: DemoWindow,
  ids: RequestIds,
  random: Random,
): DemoRequest[] {
  const calls = workflow.calls(random.weighted(workflow.fates), random);
  const context: CallContext = {
    workflow,
    environment: 'production',
    tenant: random.chance(0.6) ? random.weighted(TENANTS) : null,
    promptVersion: promptVersionAt(workflow, startMs, window, random),
    unitId: null,
  };
  return attemptsOf(random.pick(calls), context, startMs, 1, ids, random);
}

interface CallContext {
  readonly workflow: WorkflowSpec;
  readonly environment: Environment;
  readonly tenant: string | null;
  readonly promptVersion: string;
  readonly unitId: string | null;
}

/**
 * One call's attempts: a failure is retried on the same model; a timeout moves to the
 * fallback model when the call has one; at most three attempts.
 */
function attemptsOf(
  call: CallSpec,
  context: CallContext,
  startMs: number,
  scale: number,
  ids: RequestIds,
  random: Random,
): DemoRequest[] {
  const attempts: DemoRequest[] = [];
  let model = call.model;
  let fallbackRoute: string | null = null;
  let atMs = startMs;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const failed = random.chance(context.workflow.attemptFailure);
    const status: RequestStatus = failed
      ? random.chance(TIMEOUT_SHARE_OF_FAILURES)
        ? 'timeout'
        : 'failed'
      : random.chance(PARTIAL_SHARE)
        ? 'partial'
        : 'succeeded';
    attempts.push({
      requestId: ids.next(),
      timestampMs: atMs,
      environment: context.environment,
      workflow: context.workflow,
      tenant: context.tenant,
      model,
      account: PROVIDER_ACCOUNTS[context.environment][model.provider],
      billingCategory: context.workflow.billingCategory,
      promptVersion: context.promptVersion,
      usage: usageOf(call, model, status, scale, random),
      attempt,
      fallbackRoute,
      status,
      unit: context.unitId === null ? null : { unitId: context.unitId, outcome: null },
    });
    if (status === 'succeeded' || status === 'partial') break;
    if (status === 'timeout' && call.fallback && fallbackRoute === null) {
      fallbackRoute = `${model.provider}/${model.model}->${call.fallback.provider}/${call.fallback.model}`;
      model = call.fallback;
    }
    atMs +=
      status === 'timeout'
        ? 30_000 + Math.floor(random.between(1_000, 5_000))
        : Math.floor(random.between(1_000, 20_000));
  }
  return attempts;
}

/**
 * Token counts as the application reports them: input counts cached and cache-write
 * tokens, output counts reasoning. A provider error returns no usage (zeros); a timeout
 * or a cut-off stream is billed for the input and the output produced so far.
 */
function usageOf(
  call: CallSpec,
  model: ModelSpec,
  status: RequestStatus,
  scale: number,
  random: Random,
): TokenUsage {
  if (status === 'failed' && random.chance(0.5))
    return { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 };
  const input = random.around(call.input * scale);
  const fullOutput = random.around(call.output * Math.sqrt(scale));
  const output =
    status === 'timeout' || status === 'partial'
      ? Math.floor(fullOutput * random.between(0.2, 0.8))
      : fullOutput;
  const share = (wanted: number | undefined, supported: boolean) =>
    supported && wanted ? Math.floor(input * wanted * random.between(0.85, 1)) : 0;
  return {
    input,
    output,
    cached: share(call.cached, model.cacheRead),
    cacheWrite: share(call.cacheWrite, model.cacheWrite),
    reasoning:
      model.reasoning && call.reasoning ? Math.floor(output * call.reasoning * random.between(0.8, 1)) : 0,
  };
}

/** The second prompt version rolls out over two days around the workflow's switch point. */
function promptVersionAt(workflow: WorkflowSpec, atMs: number, window: DemoWindow, random: Random): string {
  const switchMs = window.startMs + workflow.promptSwitchAt * (window.endMs - window.startMs);
  const rollout = Math.min(1, Math.max(0, (atMs - switchMs) / (2 * DAY_MS) + 0.5));
  return workflow.promptVersions[random.chance(rollout) ? 1 : 0];
}

/** Request ids as the applications mint them: random, and unique across the whole lake. */
class RequestIds {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  next(): string {
    let id: string;
    do id = `req_${this.random.hex(20)}`;
    while (this.used.has(id));
    this.used.add(id);
    return id;
  }
}
