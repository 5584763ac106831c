import { openApiDocument } from '@/lib/api/openapi';
import { API_TOKEN_PATTERN } from '@/lib/api/scopes';
import { authenticateApiToken } from '@/lib/dal/api-tokens';
import { requireApiRole } from '@/lib/auth/session';
import { withApiSecurityHeaders } from '@/lib/security/request-policy';

export const dynamic = 'force-dynamic';

// GET /api/v1/openapi.json: for a signed-in portal user (the API reference page) or any valid
// API token (client generators). It describes the API and holds no data.
export async function GET(request: Request) {
  return withApiSecurityHeaders(await document(request), request);
}

async function document(request: Request): Promise<Response> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer && API_TOKEN_PATTERN.test(bearer)) {
    const found = await authenticateApiToken(bearer);
    if (!('actor' in found)) return Response.json({ type: 'https://authkey-portal.dev/problems/unauthenticated', title: 'A valid API token is required', status: 401, detail: 'The token is not valid.' }, { status: 401, headers: { 'Content-Type': 'application/problem+json' } });
  } else {
    const actor = await requireApiRole(['admin', 'operator', 'auditor'], 'api.openapi');
    if (actor instanceof Response) return actor;
  }
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'no-store' } });
}
