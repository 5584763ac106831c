// RFC 9457 problem details: every error of /api/v1 has this shape, with a stable `type`.
export const PROBLEM_BASE = 'https://authkey-portal.dev/problems/';

export const PROBLEM_TYPES = {
  'unauthenticated': { status: 401, title: 'A valid API token is required' },
  'token-expired': { status: 401, title: 'The API token has expired' },
  'token-revoked': { status: 401, title: 'The API token was revoked' },
  'token-owner-inactive': { status: 401, title: 'The administrator who created this token can no longer use the portal' },
  'scope-missing': { status: 403, title: 'The API token does not allow this' },
  'not-found': { status: 404, title: 'Not found' },
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'idempotency-key-reused': { status: 422, title: 'The Idempotency-Key was used for a different request' },
  'idempotency-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still running' },
  'key-not-ready': { status: 409, title: 'The authKey is not ready' },
  'key-lacks-permission': { status: 409, title: 'The authKey lacks a Microsoft Graph permission' },
  'graph-refused': { status: 422, title: 'Microsoft Graph refused the request' },
  'graph-unavailable': { status: 502, title: 'Microsoft Graph or Entra ID failed' },
  'token-request-failed': { status: 502, title: 'Entra ID did not issue a token' },
  'internal': { status: 500, title: 'Something went wrong in the portal' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Record<string, string[]>;
  requestId?: string | null;
  [extension: string]: unknown;
};

/** A refusal the pipeline answers with (thrown from a handler or returned by a step). */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemType,
    readonly detail: string,
    readonly extras: { errors?: Record<string, string[]>; requestId?: string | null; status?: number; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return this.extras.status ?? PROBLEM_TYPES[this.kind].status;
  }

  toJSON(): Problem {
    const { headers: _headers, status: _status, ...rest } = this.extras;
    return { type: PROBLEM_BASE + this.kind, title: PROBLEM_TYPES[this.kind].title, status: this.status, detail: this.detail, ...rest };
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.toJSON()), {
      status: this.status,
      headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...this.extras.headers },
    });
  }
}

/** zod issues as the field errors of a 400, keyed by their dotted path. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || 'body';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
