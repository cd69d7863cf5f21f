// The BullMQ side of `ujm bench compare`: the same batch workload as UJM's, in one Node process.
//
// 1. One Queue and one Worker (no-op processor, `concurrency` jobs at once) on the Redis at `port`.
// 2. Warm-up: `warmup` jobs added in batches of `batch` (Queue.addBulk), waited for until completed.
// 3. Measured: `jobs` jobs added in batches while the worker runs; the clock runs from the first add
//    to the last completion. Completed jobs are kept, as UJM keeps them.
// 4. Prints one JSON line: {"jobs", "seconds", "jobsPerSecond"}.
//
// Usage: node bullmq-batch.mjs <port> <jobs> <batch> <warmup> <concurrency>
import { Queue, Worker } from 'bullmq';

const [port, jobs, batch, warmup, concurrency] = process.argv.slice(2).map(Number);
const connection = { host: '127.0.0.1', port };
const queue = new Queue('noop', { connection });
const worker = new Worker('noop', async () => null, { connection, concurrency, autorun: true });

let completed = 0;
let target = 0;
let reached = () => {};
worker.on('completed', () => {
  completed++;
  if (completed >= target) reached();
});

async function run(count) {
  target = completed + count;
  const done = new Promise((resolve) => { reached = resolve; });
  for (let from = 0; from < count; from += batch) {
    const size = Math.min(batch, count - from);
    await queue.addBulk(Array.from({ length: size }, () => ({ name: 'noop', data: {} })));
  }
  await done;
}

await worker.waitUntilReady();
await run(warmup);
const start = process.hrtime.bigint();
await run(jobs);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ jobs, seconds, jobsPerSecond: jobs / seconds }));
await worker.close();
await queue.close();
