import fs from 'node:fs/promises';
import path from 'node:path';
import { requireApiRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// Swagger UI's own files, served from the portal (the CSP allows no other origin) to signed-in users.
const FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const actor = await requireApiRole(['admin', 'operator', 'auditor'], 'api.reference_assets');
  if (actor instanceof Response) return actor;
  const { file } = await params;
  const type = FILES[file];
  if (!type) return Response.json({ error: 'not_found' }, { status: 404 });
  const body = await fs.readFile(path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', 'swagger-ui-dist', file));
  return new Response(new Uint8Array(body), { headers: { 'Content-Type': type, 'Cache-Control': 'private, max-age=3600' } });
}
