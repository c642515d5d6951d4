/**
 * One base class and a few named failures. Each keeps its cause and says whether
 * trying again can help, so callers (CLI exit codes, Lambda retries) decide without
 * parsing messages.
 */
export class AppError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}

/** Input data (an event, a CSV row, a file) that breaks its contract. */
export class InvalidInputError extends AppError {}

/** Settings, pricing or deployment configuration that cannot be used: exit code 2. */
export class ConfigError extends AppError {}

/** A query the engine refused or failed to finish. */
export class QueryFailedError extends AppError {}

/** A port (object store, notifier, secrets) that failed to do its part. */
export class StorageError extends AppError {}
