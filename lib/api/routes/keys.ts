import 'server-only';
import { z } from 'zod';
import { getKey, listKeys, type KeyDto } from '@/lib/dal/keys';
import { testConnection } from '@/lib/entra/test-connection';
import { cursorOr400, encodeCursor } from '../cursor';
import { defineRoute } from '../define';
import { ApiProblem } from '../problem';
import { authKeyPage, authKeySchema, keyParams, pageQuery, testResultSchema } from '../schemas';

export function authKeyOut(k: KeyDto): z.infer<typeof authKeySchema> {
  return {
    id: k.id,
    name: k.name,
    description: k.description,
    accessType: k.accessType,
    cloud: k.cloud,
    tenantId: k.tenantId,
    clientId: k.clientId,
    credential: k.credential ? { kind: k.credential.kind, hint: k.credential.hint, expiresAt: k.credential.expiresAt, expirySource: k.credential.expirySource } : null,
    lastTest: k.lastTest ? { at: k.lastTest.at, outcome: k.lastTest.outcome, roles: k.lastTest.roles, message: k.lastTest.message } : null,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
  };
}

export async function keyOr404(keyId: string): Promise<KeyDto> {
  const key = await getKey(keyId);
  if (!key) throw new ApiProblem('not-found', 'No authKey has this id.');
  return key;
}

export const keyRoutes = [
  defineRoute({
    method: 'GET',
    path: '/authkeys',
    operationId: 'listAuthKeys',
    summary: 'List authKeys',
    tag: 'authKeys',
    scope: 'keys:read',
    query: pageQuery,
    success: { status: 200, description: 'One page of authKeys, by name.', schema: authKeyPage },
    problems: ['invalid-request'],
    async run({ query }) {
      const after = cursorOr400<{ name: string; id: string }, null>(query.cursor, { name: 'string', id: 'string' }, null);
      const all = (await listKeys()).map((k) => ({ k, at: order(k.name, k.id) })).sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
      const rest = (after ? all.filter((x) => x.at > order(after.name, after.id)) : all).map((x) => x.k);
      const page = rest.slice(0, query.limit);
      const last = page.at(-1);
      return { json: { items: page.map(authKeyOut), nextCursor: rest.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/authkeys/{keyId}',
    operationId: 'getAuthKey',
    summary: 'Read an authKey',
    tag: 'authKeys',
    scope: 'keys:read',
    params: keyParams,
    success: { status: 200, description: 'The authKey, without its credential.', schema: authKeySchema },
    problems: ['not-found'],
    async run({ params }) {
      return { json: authKeyOut(await keyOr404(params.keyId)) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/authkeys/{keyId}/test',
    operationId: 'testAuthKey',
    summary: 'Test an authKey’s connection',
    description: 'Signs in with the stored credential and checks the granted permissions, as the key page’s Test connection does. The result is recorded.',
    tag: 'authKeys',
    scope: 'keys:test',
    params: keyParams,
    success: { status: 200, description: 'The test result (a failed test is a result too).', schema: testResultSchema },
    problems: ['not-found'],
    async run({ params }) {
      const r = await testConnection(params.keyId, { trigger: 'manual' });
      if (!r) throw new ApiProblem('not-found', 'No authKey has this id.');
      return {
        json: {
          outcome: r.outcome,
          roles: r.roles,
          missing: r.missing,
          latencyMs: r.latencyMs,
          testedAt: r.testedAt,
          diagnosis: r.diagnosis ? { code: r.diagnosis.code, title: r.diagnosis.title, explanation: r.diagnosis.explanation, step: r.diagnosis.step ?? null } : null,
          expiresAt: r.expiry?.endDateTime ?? null,
        },
      };
    },
  }),
];

// One order for the page and its cursor: by lower-cased name, then id.
function order(name: string, id: string): string {
  return `${name.toLocaleLowerCase()}\u0000${id}`;
}
