import type { SandboxContext } from '../context';
import type { GraphCaller } from '../identity/tokens';
import type { TenantState } from '../state/types';

export interface GraphRequest {
  method: string;
  /** Path below /v1.0, starting with "/", e.g. "/users/{id}". */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there is none. */
  body: unknown;
}

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON body, or a string sent as text/plain ($count). */
  body?: unknown;
}

export interface HandlerArgs {
  ctx: SandboxContext;
  caller: GraphCaller;
  tenant: TenantState;
  req: GraphRequest;
  /** Decoded path segments below /v1.0. */
  segments: string[];
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): GraphResponse => ({ status, body, headers });
export const noContent = (): GraphResponse => ({ status: 204 });
