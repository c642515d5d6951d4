import { Worker } from 'node:worker_threads';
import { type BatchInput, type BatchOutput, validateBatch } from './validate-batch.ts';

/**
 * Where batches of lines are validated: in worker threads while they keep up, else in
 * this thread. Parsing and validation are most of land's CPU time; with N cores, N - 1
 * workers and this thread (which also reads, keeps order, drops duplicates and writes)
 * keep every core busy without a thread more than there are cores.
 */
export interface BatchValidators {
  validate(input: BatchInput): Promise<BatchOutput>;
  close(): Promise<void>;
}

/** Batches queued per worker before this thread validates the next one itself. */
const QUEUED_PER_WORKER = 2;

interface Pending {
  readonly resolve: (output: BatchOutput) => void;
  readonly reject: (error: Error) => void;
}

export function batchValidators(workerThreads: number): BatchValidators {
  const workers = Array.from({ length: workerThreads }, startWorker);
  return {
    validate(input) {
      const least = workers.reduce<(typeof workers)[number] | undefined>(
        (best, worker) => (best && best.pending.size <= worker.pending.size ? best : worker),
        undefined,
      );
      if (!least || least.pending.size >= QUEUED_PER_WORKER) {
        try {
          return Promise.resolve(validateBatch(input));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return least.validate(input);
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

let nextId = 0;

function startWorker() {
  // The worker is TypeScript, and on Node 20 a worker does not inherit the loader hooks
  // (tsx) of the thread that starts it: it registers them itself, then imports its entry.
  // (The Lambda bundle lands in its own thread and never starts one.)
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./validate-batch.worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true });
  const pending = new Map<number, Pending>();
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; output?: BatchOutput; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined)
      waiting?.reject(new Error(`validating a batch failed: ${message.error}`));
    else waiting?.resolve(message.output as BatchOutput);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`a validation worker stopped (exit code ${code})`)));

  const validate = (input: BatchInput) =>
    new Promise<BatchOutput>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      // The batch's and the records' memory move to the worker and come back with the output.
      const transfer = [input.batch.bytes.buffer, input.recordsMemory.buffer] as ArrayBuffer[];
      worker.postMessage({ id, input }, transfer);
    });
  return { worker, pending, validate };
}
