import { getDb, isMigrated } from '@/db';

export const dynamic = 'force-dynamic';

// Public on purpose: load balancers and `npm start` scripts poll it. It reveals nothing.
export async function GET() {
  try {
    if (await isMigrated(getDb())) return Response.json({ status: 'ok' });
    return Response.json({ status: 'starting', message: 'The database is not migrated yet.' }, { status: 503 });
  } catch {
    return Response.json({ status: 'error', message: 'The database cannot be opened.' }, { status: 503 });
  }
}
