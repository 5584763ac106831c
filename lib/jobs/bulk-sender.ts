import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { isRetryable, MAX_BATCH, sendBatch, type BatchRequest, type BatchResponse } from '@/lib/graph/batch';
import type { WritePacer } from '@/lib/graph/batch-pacer';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Without a Retry-After, back off exponentially: 1, 2, 4… seconds, at most 32. */
const backoffSeconds = (attempt: number) => Math.min(32, 2 ** (attempt - 1));

export type SendResult = {
  responses: Map<string, BatchResponse>;
  /** Requests whose effect is unknown: a 503/504 or a lost connection may have run them. */
  uncertain: Set<string>;
};

const synthetic = (status: number, code: string, message: string, requestId: string | null = null): BatchResponse => ({
  id: '',
  status,
  headers: requestId ? { 'request-id': requestId } : {},
  body: { error: { code, message } },
});

/**
 * Sends ≤ 20 requests as one $batch and retries only the sub-requests answered 429, 503 or 504,
 * after the longest Retry-After among them. Writes are paced; a 429 pauses the whole app + tenant.
 */
export class BatchSender {
  constructor(
    readonly client: Client,
    private readonly pacer: WritePacer,
    private readonly maxAttempts = 8,
  ) {}

  async send(requests: BatchRequest[], kind: 'read' | 'write'): Promise<SendResult> {
    if (requests.length > MAX_BATCH) throw new Error('Split requests into batches of 20 first.');
    const responses = new Map<string, BatchResponse>();
    const uncertain = new Set<string>();
    let pending = requests;
    for (let attempt = 1; pending.length && attempt <= this.maxAttempts; attempt++) {
      await this.pacer.acquire(kind === 'write' ? pending.length : 0);
      const batch = await sendBatch(this.client, pending);
      if (!batch.ok) {
        const status = batch.status;
        if (kind === 'write' && status !== 429) pending.forEach((r) => uncertain.add(r.id));
        if (isRetryable(status)) {
          // The client's RetryHandler already waited and retried the batch; wait once more here.
          const wait = batch.retryAfterSeconds ?? backoffSeconds(attempt);
          if (status === 429) await this.pacer.pause(wait);
          await sleep(wait * 1000);
          continue;
        }
        for (const r of pending) responses.set(r.id, { ...synthetic(status, batch.code, batch.message, batch.requestId), id: r.id });
        return { responses, uncertain };
      }
      const retry: BatchRequest[] = [];
      let wait = 0;
      for (const r of pending) {
        const sub = batch.responses.get(r.id);
        if (sub && !isRetryable(sub.status)) {
          responses.set(r.id, sub);
          continue;
        }
        retry.push(r);
        const retryAfter = Number(sub?.headers['retry-after']);
        const seconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : backoffSeconds(attempt);
        wait = Math.max(wait, seconds);
        if (sub?.status === 429) await this.pacer.pause(seconds);
        else if (kind === 'write') uncertain.add(r.id);
      }
      pending = retry;
      if (pending.length && attempt < this.maxAttempts) await sleep(wait * 1000);
    }
    for (const r of pending) responses.set(r.id, { ...synthetic(429, 'TooManyRequests', `Still throttled after ${this.maxAttempts} attempts.`), id: r.id });
    return { responses, uncertain };
  }
}
