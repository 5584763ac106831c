import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../context';
import { verifyGraphToken, type GraphCaller } from '../identity/tokens';
import type { TenantState } from '../state/types';
import { handleApplications } from './applications';
import { GraphError, graphErrorBody, graphErrors } from './errors';
import { handleGroups, handleMemberOf } from './groups';
import { handleAssignLicense, handleLicenseDetails, handleSubscribedSkus } from './licenses';
import { handleOrganization } from './organization';
import type { GraphRequest, GraphResponse, HandlerArgs } from './types';
import { handleUsers } from './users';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const LISTS = new Set(['users', 'groups', 'applications']);

export function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
}

function dispatch(args: HandlerArgs): GraphResponse {
  const [head, , sub] = args.segments;
  if (head === 'users' || head === 'me') {
    const segments = head === 'me' ? ['users', args.caller.oid, ...args.segments.slice(1)] : args.segments;
    const subArgs = { ...args, segments };
    if (head === 'me' && args.segments.length === 1) return handleUsers(args);
    if (head === 'me' && !args.caller.delegated) throw graphErrors.badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
    const nav = segments[2];
    if (!nav) return handleUsers(subArgs);
    if (segments.length > 3) throw graphErrors.unknownSegment(segments[3]);
    if (nav === 'assignLicense') return handleAssignLicense(subArgs);
    if (nav === 'licenseDetails') return handleLicenseDetails(subArgs);
    if (nav === 'memberOf') return handleMemberOf(subArgs);
    throw graphErrors.unknownSegment(nav);
  }
  if (head === 'groups') return handleGroups(args);
  if (head === 'subscribedSkus' && !args.segments[1]) return handleSubscribedSkus(args);
  if (head === 'organization' && !sub) return handleOrganization(args);
  if (head === 'applications' || head?.startsWith('applications(')) return handleApplications(args);
  throw graphErrors.unknownSegment(head ?? '');
}

/** Resource units per request, after Microsoft's identity limits: GET /users costs 2, other reads 1, writes 1 (+1 write). */
function cost(method: string, segments: string[]): { ru: number; writes: number } {
  if (WRITE_METHODS.has(method)) return { ru: 1, writes: 1 };
  return { ru: segments.length === 1 && LISTS.has(segments[0]) ? 2 : 1, writes: 0 };
}

export function errorResponse(err: GraphError, requestId: string, clientRequestId?: string): GraphResponse {
  return { status: err.status, headers: { ...err.headers }, body: graphErrorBody(err, requestId, clientRequestId) };
}

export function faultResponse(fault: { status: number; code: string; message: string; retryAfter?: number }, requestId: string): GraphResponse {
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
  return errorResponse(new GraphError(fault.status, fault.code, fault.message, undefined, headers), requestId);
}

/**
 * One Graph request from an authenticated caller: injected faults, throttling, then the
 * handler. $batch sub-requests come through here too, so each is faulted and throttled on its own.
 */
export function executeGraph(ctx: SandboxContext, caller: GraphCaller, tenant: TenantState, req: GraphRequest, requestId: string): GraphResponse {
  const segments = splitPath(req.path);
  const clientRequestId = req.headers['client-request-id'];
  try {
    const query = req.query.toString();
    const fault = ctx.faults.forced(req.method, `/v1.0${req.path}${query ? `?${query}` : ''}`) ?? ctx.faults.random();
    if (fault) return faultResponse(fault, requestId);
    const { ru, writes } = cost(req.method, segments);
    const throttled = ctx.throttle.consume(`${tenant.id}:${caller.appId}`, tenant.size, ru, writes);
    if (!throttled.ok) throw graphErrors.tooManyRequests(throttled.retryAfter);
    return dispatch({ ctx, caller, tenant, req, segments });
  } catch (err) {
    if (err instanceof GraphError) return errorResponse(err, requestId, clientRequestId);
    throw err;
  }
}

export type Authenticated = { caller: GraphCaller; tenant: TenantState } | { response: GraphResponse };

/** Bearer-token check: 401 InvalidAuthenticationToken when missing, expired, or not signed by a sandbox tenant. */
export function authenticate(ctx: SandboxContext, headers: Record<string, string>, requestId: string): Authenticated {
  const header = headers['authorization'] ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
  const result = verifyGraphToken(ctx, token);
  if ('error' in result) {
    return { response: errorResponse(new GraphError(401, 'InvalidAuthenticationToken', result.error), requestId, headers['client-request-id']) };
  }
  const tenant = ctx.state.tenants.find((t) => t.id === result.tenantId);
  if (!tenant) return { response: errorResponse(new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'), requestId) };
  return { caller: result, tenant };
}

export const newRequestId = (): string => randomUUID();
