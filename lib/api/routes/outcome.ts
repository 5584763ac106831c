import 'server-only';
import type { Outcome } from '@/lib/server/provisioning';
import type { ApiAnswer } from '../define';
import { ApiProblem } from '../problem';

/** A provisioning outcome as the API's answer: the data, or the matching problem with Graph's request-id. */
export function answerOf<T>(outcome: Outcome<T>, json: (data: T, requestId: string | null) => unknown, status = 200): ApiAnswer {
  if (outcome.status === 'success') return { status, json: json(outcome.data, outcome.requestId) };
  const extras = { requestId: outcome.requestId ?? null, code: outcome.code ?? null };
  if (outcome.code === 'key_not_ready') throw new ApiProblem('key-not-ready', outcome.message, extras);
  if (outcome.code === 'permission_missing') throw new ApiProblem('key-lacks-permission', outcome.message, extras);
  if (outcome.code === 'confirm_mismatch') throw new ApiProblem('invalid-request', 'The confirm parameter must be the user’s current user principal name. Nothing was deleted.', { ...extras, errors: { 'query.confirm': ['Not this user’s user principal name.'] } });
  const g = outcome.graphStatus ?? 0;
  if (g === 404) throw new ApiProblem('not-found', outcome.message, { ...extras, graphStatus: g });
  if (g >= 400 && g < 500 && g !== 429 && g !== 401 && g !== 403) throw new ApiProblem('graph-refused', outcome.message, { ...extras, graphStatus: g });
  if (g === 401 || g === 403) throw new ApiProblem('key-lacks-permission', outcome.message, { ...extras, graphStatus: g });
  throw new ApiProblem('graph-unavailable', outcome.message, { ...extras, graphStatus: g || null, ...(g === 429 ? { headers: { 'Retry-After': '30' } } : {}) });
}
