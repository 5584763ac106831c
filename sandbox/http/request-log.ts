export interface RequestLogEntry {
  /** Epoch milliseconds when the response was sent. */
  time: number;
  method: string;
  path: string;
  /** The calling app's client id, when known (token requests and Graph calls). */
  clientId?: string;
  status: number;
  retryAfter?: number;
  requestId: string;
  /** For a $batch sub-request: the request-id of the enclosing batch. */
  batchRequestId?: string;
}

const MAX_ENTRIES = 20_000;

/** The sandbox's request log, for tests and benchmarks ("how many calls, how many 429s"). Bounded, in memory. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Entries with time >= since (ms). */
  list(since = 0): RequestLogEntry[] {
    return this.entries.filter((e) => e.time >= since);
  }

  clear(): void {
    this.entries = [];
  }
}
