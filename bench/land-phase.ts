/**
 * One measured phase of `npm run bench:land`, run in its own process so its peak RSS is
 * its own: `parse <file>` (read + split + JSON.parse only: the floor) or `land <lake>`.
 * Prints one JSON line: { seconds, records, maxRssMb }.
 */
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DirectoryObjectStore } from '../lambdas/adapters/local/directory-object-store.ts';
import { linesOf, readLineBatches } from '../lambdas/jobs/land/read-lines.ts';
import { runLand } from '../lambdas/jobs/land.ts';

const [phase, path] = process.argv.slice(2);
if (!path) throw new Error('usage: land-phase.ts parse <file> | land <lake>');

const started = process.hrtime.bigint();
let records = 0;
if (phase === 'parse') {
  // The same reader and splitter land uses, with nothing else per line.
  for await (const batch of readLineBatches(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    if (batch.kind !== 'batch') continue;
    for (const line of linesOf(batch)) {
      if (line.kind === 'line' && JSON.parse(line.bytes.toString('utf8'))) records++;
    }
  }
} else {
  const record = await runLand(
    { store: new DirectoryObjectStore(path), clock: { now: () => new Date() } },
    { workerThreads: Number(process.env.BENCH_LAND_THREADS ?? availableParallelism() - 1) },
  );
  records = record.totals.valid;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({ seconds, records, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
);
