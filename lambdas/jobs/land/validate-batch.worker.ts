import { parentPort } from 'node:worker_threads';
import { type BatchInput, validateBatch } from './validate-batch.ts';

/** A worker thread of batch-validators.ts: validates each batch it is sent and hands the memory back. */
if (!parentPort) throw new Error('validate-batch.worker.ts runs as a worker thread only');
const port = parentPort;

port.on('message', ({ id, input }: { id: number; input: BatchInput }) => {
  try {
    // Posted Buffers arrive as plain Uint8Arrays: wrap the same memory as a Buffer again.
    const { bytes } = input.batch;
    const batch = { ...input.batch, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    const output = validateBatch({ ...input, batch });
    const { records, ends, dayIndexes, fingerprints, batchMemory } = output;
    const transfer = [
      records.buffer,
      ends.buffer,
      dayIndexes.buffer,
      fingerprints.buffer,
      batchMemory.buffer,
    ];
    port.postMessage({ id, output }, transfer as ArrayBuffer[]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
