import 'server-only';
import { transaction } from './index';

// Group commit: small writes that many requests make at once (the API's rate-limit counters and
// its per-call audit rows) are queued and written together, one transaction for everyone
// waiting. With synchronous = FULL each commit waits for the disk, so 16 requests in flight pay
// one flush instead of 16. Each caller still gets its answer only once its write is committed.
// Jobs report expected refusals as values: a job that throws sends the batch to one-by-one.

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

class BatchFailed extends Error {
  constructor(readonly cause: unknown) {
    super('a job of the batch failed');
  }
}

type Job = { work: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

const queue: Job[] = [];
let flushing = false;

async function flush(): Promise<void> {
  flushing = true;
  try {
    while (queue.length) {
      // One turn of the event loop first: requests whose sockets are readable now join this batch.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, queue.length);
      let outcomes: Outcome[] = [];
      try {
        await transaction(async () => {
          for (const job of batch) {
            try {
              outcomes.push({ ok: true, value: await job.work() });
            } catch (error) {
              // A failed statement aborts the whole transaction on PostgreSQL (and its COMMIT
              // would quietly roll back): undo the batch and run each job on its own below.
              throw new BatchFailed(error);
            }
          }
        });
      } catch {
        outcomes = [];
        for (const job of batch) {
          try {
            // Awaited inside: a query builder is a thenable, and it must run within the transaction.
            outcomes.push({ ok: true, value: await transaction(async () => await job.work()) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }
      batch.forEach((job, i) => {
        const o = outcomes[i];
        if (o.ok) job.resolve(o.value);
        else job.reject(o.error);
      });
    }
  } finally {
    flushing = false;
  }
}

/** Runs `run` inside the next shared transaction and resolves once that transaction committed. */
export function inGroupCommit<T>(run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ work: run, resolve: resolve as (v: unknown) => void, reject });
    if (!flushing) void flush();
  });
}
