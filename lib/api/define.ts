import type { z } from 'zod';
import type { ApiPrincipal } from '@/lib/dal/api-tokens';
import type { ProblemType } from './problem';
import type { ApiScope } from './scopes';

// One object per operation of /api/v1: what it accepts and answers (the OpenAPI document is
// generated from these same zod schemas, lib/api/openapi.ts) and what it does.

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type ApiAnswer = { status?: number; json?: unknown; csv?: string; headers?: Record<string, string> };

export type RouteContext<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined> = {
  params: P extends AnyObject ? z.output<P> : Record<string, never>;
  query: Q extends AnyObject ? z.output<Q> : Record<string, never>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  principal: ApiPrincipal;
  request: Request;
};

export type RouteDef<P extends AnyObject | undefined = AnyObject | undefined, Q extends AnyObject | undefined = AnyObject | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path under /api/v1, with {name} placeholders. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'API tokens' | 'authKeys' | 'Token broker' | 'Expiry' | 'Users' | 'Bulk jobs' | 'Audit';
  /** null: any valid token (GET /token-info). */
  scope: ApiScope | null;
  /** The scope is granted per authKey: the `keyId` path parameter must be one the token names. */
  perKey?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** A text/csv body (a bulk upload) instead of JSON. */
  csvBody?: boolean;
  /** A POST that creates: honours Idempotency-Key. */
  idempotent?: boolean;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; csv?: boolean };
  problems: ProblemType[];
  run: (ctx: RouteContext<P, Q, B>) => Promise<ApiAnswer>;
};

export function defineRoute<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(def: RouteDef<P, Q, B>): RouteDef {
  return def as unknown as RouteDef;
}
