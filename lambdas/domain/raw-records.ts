import { z } from 'zod';
import { type CostAllocationEvent, CostAllocationEventSchema } from './cost-event.ts';
import { type BusinessUnitOutcomeEvent, BusinessUnitOutcomeEventSchema } from './outcome-event.ts';

/**
 * The normalized, flat records `land` writes to `raw/<kind>/dt=YYYY-MM-DD/` as NDJSON:
 * one JSON object per line, keys always present and always in this order, absent
 * optional values as null. Athena (OpenX JSON SerDe) and DuckDB (read_ndjson) read the
 * same files. `source_*` fields trace every row to the line it came from;
 * `source_received_at` (the incoming object's last-modified time) orders copies so that
 * the copy landed last wins.
 */
export interface SourceRef {
  readonly key: string;
  readonly line: number;
  readonly receivedAt: string;
}

export function toRawCostEvent(event: CostAllocationEvent, source: SourceRef) {
  const { usage, routing, business_unit: unit, cost_estimate: estimate } = event;
  return {
    request_id: event.request_id,
    timestamp_utc: event.timestamp_utc,
    event_version: event.event_version,
    environment: event.environment,
    application: event.application,
    workflow: event.workflow,
    tenant_id: event.tenant_id,
    team: event.team,
    cost_center: event.cost_center,
    provider: event.provider,
    provider_account: event.provider_account,
    model_or_deployment: event.model_or_deployment,
    prompt_version: event.prompt_version,
    billing_category: event.billing_category,
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens ?? null,
    cached_input_tokens: usage.cached_input_tokens ?? 0,
    cache_write_tokens: usage.cache_write_tokens ?? 0,
    reasoning_tokens: usage.reasoning_tokens ?? 0,
    attempt_number: routing.attempt_number,
    retry_count: routing.retry_count ?? null,
    fallback_used: routing.fallback_used,
    fallback_route: routing.fallback_route,
    status: event.status,
    unit_type: unit?.unit_type ?? null,
    unit_id: unit?.unit_id ?? null,
    unit_outcome: unit?.unit_outcome ?? null,
    cost_estimate_amount: estimate?.amount ?? null,
    cost_estimate_currency: estimate?.currency ?? null,
    source_key: source.key,
    source_line: source.line,
    source_received_at: source.receivedAt,
  };
}
export type RawCostEvent = ReturnType<typeof toRawCostEvent>;

export function toRawOutcome(event: BusinessUnitOutcomeEvent, source: SourceRef) {
  return {
    unit_type: event.unit_type,
    unit_id: event.unit_id,
    application: event.application,
    workflow: event.workflow,
    tenant_id: event.tenant_id,
    outcome: event.outcome,
    outcome_at: event.outcome_at,
    is_final: event.is_final,
    value_amount: event.value?.amount ?? null,
    value_currency: event.value?.currency ?? null,
    event_version: event.event_version,
    source_key: source.key,
    source_line: source.line,
    source_received_at: source.receivedAt,
  };
}
export type RawOutcome = ReturnType<typeof toRawOutcome>;

/** How one kind of incoming record is validated, normalized and partitioned. */
export interface LandingKind<Raw> {
  /** `events` → `incoming/events/`, `raw/events/`, `quarantine/events/`. */
  readonly name: string;
  readonly validate: (input: unknown) => z.ZodSafeParseResult<unknown>;
  readonly normalize: (valid: unknown, source: SourceRef) => Raw;
  /** The UTC date (YYYY-MM-DD) that names the record's `dt=` partition. */
  readonly partitionDate: (raw: Raw) => string;
}

function landingKind<Schema extends z.ZodType, Raw>(
  name: string,
  schema: Schema,
  normalize: (valid: z.output<Schema>, source: SourceRef) => Raw,
  partitionDate: (raw: Raw) => string,
): LandingKind<Raw> {
  const compiled = z.compile(schema);
  return {
    name,
    validate: (input) => compiled.safeParse(input),
    normalize: (valid, source) => normalize(valid as z.output<Schema>, source),
    partitionDate,
  };
}

export const COST_EVENTS = landingKind('events', CostAllocationEventSchema, toRawCostEvent, (raw) =>
  raw.timestamp_utc.slice(0, 10),
);

export const OUTCOMES = landingKind('outcomes', BusinessUnitOutcomeEventSchema, toRawOutcome, (raw) =>
  raw.outcome_at.slice(0, 10),
);

export const LANDING_KINDS: readonly LandingKind<RawCostEvent | RawOutcome>[] = [
  COST_EVENTS as LandingKind<RawCostEvent | RawOutcome>,
  OUTCOMES as LandingKind<RawCostEvent | RawOutcome>,
];
