import { z } from 'zod';

export const faultConfigSchema = z.object({
  rate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  forced: z.array(z.object({
    method: z.string().optional(),
    pathPattern: z.string().refine((p) => { try { new RegExp(p); return true; } catch { return false; } }, 'invalid regex'),
    status: z.number().int().min(400).max(599),
    code: z.string().optional(),
    message: z.string().optional(),
    times: z.number().int().min(1).optional(),
    retryAfter: z.number().int().min(0).optional(),
  })).optional(),
  writeLimit: z.object({ count: z.number().int().min(1), windowSeconds: z.number().positive() }).optional(),
  // Entra's replication delay: a credential made through addPassword / addKey is refused at the
  // token endpoint (7000215 / 700027) for this long after it was created.
  replicationDelayMs: z.number().int().min(0).max(600_000).optional(),
}).strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export interface ForcedFault {
  status: number;
  code: string;
  message: string;
  retryAfter?: number;
}

interface ForcedRule {
  method?: string;
  pattern: RegExp;
  status: number;
  code?: string;
  message?: string;
  remaining: number;
  retryAfter?: number;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest', 401: 'InvalidAuthenticationToken', 403: 'Authorization_RequestDenied', 404: 'Request_ResourceNotFound',
  409: 'Conflict', 429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

export interface WriteLimit { count: number; windowSeconds: number }

/**
 * Injected trouble: a random 429/503 rate, a per-request latency, forced responses for
 * matching requests, and a write-limit override. The baseline comes from environment
 * variables; POST /_sandbox/faults replaces it and DELETE restores the baseline.
 */
export class FaultInjector {
  private rate = 0;
  private latency = 0;
  private rules: ForcedRule[] = [];
  private limitOverride: WriteLimit | undefined;
  private replication = 0;

  constructor(private readonly baseline: { rate: number; latencyMs: number; writeLimit: WriteLimit }) {
    this.clear();
  }

  configure(config: FaultConfig): void {
    this.rate = config.rate ?? 0;
    this.latency = config.latencyMs ?? 0;
    this.rules = (config.forced ?? []).map((f) => ({
      method: f.method?.toUpperCase(), pattern: new RegExp(f.pathPattern), status: f.status, code: f.code,
      message: f.message, remaining: f.times ?? Number.POSITIVE_INFINITY, retryAfter: f.retryAfter,
    }));
    this.limitOverride = config.writeLimit;
    this.replication = config.replicationDelayMs ?? 0;
  }

  clear(): void {
    this.rate = this.baseline.rate;
    this.latency = this.baseline.latencyMs;
    this.rules = [];
    this.limitOverride = undefined;
    this.replication = 0;
  }

  get latencyMs(): number {
    return this.latency;
  }

  /** How long a new credential is unknown to the token endpoint. */
  get replicationDelayMs(): number {
    return this.replication;
  }

  get writeLimit(): WriteLimit {
    return this.limitOverride ?? this.baseline.writeLimit;
  }

  /** The first forced rule matching `METHOD path?query`, consuming one of its `times`. */
  forced(method: string, pathAndQuery: string): ForcedFault | null {
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || (rule.method && rule.method !== method) || !rule.pattern.test(pathAndQuery)) continue;
      rule.remaining--;
      const retryAfter = rule.retryAfter ?? (rule.status === 429 || rule.status === 503 ? 1 : undefined);
      return {
        status: rule.status,
        code: rule.code ?? DEFAULT_CODES[rule.status] ?? 'UnknownError',
        message: rule.message ?? 'Injected by the sandbox fault configuration.',
        retryAfter,
      };
    }
    return null;
  }

  /** A random transient failure at the configured rate: half 429, half 503, each with Retry-After 1. */
  random(): ForcedFault | null {
    if (this.rate <= 0 || Math.random() >= this.rate) return null;
    return Math.random() < 0.5
      ? { status: 429, code: 'TooManyRequests', message: 'Too many requests. (sandbox fault rate)', retryAfter: 1 }
      : { status: 503, code: 'ServiceUnavailable', message: 'Service unavailable. (sandbox fault rate)', retryAfter: 1 };
  }
}
