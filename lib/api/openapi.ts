import 'server-only';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteDef } from './define';
import { PROBLEM_TYPES } from './problem';
import { API_ROUTES } from './registry';
import { problemSchema } from './schemas';
import { API_SCOPES } from './scopes';

// Every operation can answer these: the pipeline (lib/api/pipeline.ts) does before the handler.
const ALWAYS = ['unauthenticated', 'rate-limited', 'internal'] as const;

function operation(def: RouteDef): ZodOpenApiOperationObject {
  const implied = [...(def.body ? (['invalid-request', 'unsupported-media-type'] as const) : []), ...(def.params ? (['not-found'] as const) : []), ...(def.query ? (['invalid-request'] as const) : [])];
  const problems = [...new Set([...ALWAYS, ...(def.scope ? (['scope-missing'] as const) : []), ...implied, ...def.problems])];
  const byStatus = new Map<number, string[]>();
  for (const p of problems) byStatus.set(PROBLEM_TYPES[p].status, [...(byStatus.get(PROBLEM_TYPES[p].status) ?? []), p]);
  const responses: NonNullable<ZodOpenApiOperationObject['responses']> & Record<string, unknown> = {
    [String(def.success.status)]: {
      description: def.success.description,
      ...(def.success.csv ? { content: { 'text/csv': { schema: z.string() } } } : def.success.schema ? { content: { 'application/json': { schema: def.success.schema } } } : {}),
    },
  };
  for (const [status, types] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = { description: types.map((t) => `\`${t}\`: ${PROBLEM_TYPES[t as keyof typeof PROBLEM_TYPES].title}`).join('; '), content: { 'application/problem+json': { schema: problemSchema } } };
  }
  return {
    operationId: def.operationId,
    summary: def.summary,
    description: [def.description, def.scope ? `Scope: \`${def.scope}\`${def.perKey ? ' naming this authKey' : ''}.` : 'Any valid token.'].filter(Boolean).join('\n\n'),
    tags: [def.tag],
    ...(def.params || def.query || def.idempotent
      ? {
          requestParams: {
            ...(def.params ? { path: def.params } : {}),
            ...(def.query ? { query: def.query } : {}),
            ...(def.idempotent ? { header: z.object({ 'idempotency-key': z.string().min(1).max(255).optional().meta({ description: 'Makes a retry safe: the same key and body return the first answer for 24 hours.' }) }) } : {}),
          },
        }
      : {}),
    ...(def.body ? { requestBody: { required: true, content: { [def.csvBody ? 'text/csv' : 'application/json']: { schema: def.body } } } } : {}),
    responses,
  };
}

let cached: ReturnType<typeof createDocument> | null = null;

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers parse with. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const def of API_ROUTES) {
    const item = (paths[def.path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[def.method.toLowerCase()] = operation(def);
  }
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'authKey Portal automation API',
      version: '1.0.0',
      description: [
        'Everything the portal does for automation: authKeys, the token broker, expiry, provisioning, bulk jobs and the audit log.',
        'Authenticate with `Authorization: Bearer akp_…` (Settings → API tokens). Errors are RFC 9457 problem details with a stable `type`.',
        `Scopes: ${API_SCOPES.map((s) => `\`${s.id}\` (${s.text})`).join('; ')}`,
      ].join('\n\n'),
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token from Settings → API tokens (akp_…).' } } },
    paths,
  });
  return cached;
}
