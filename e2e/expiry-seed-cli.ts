// Seeds authKeys with real encrypted secrets into the e2e portal's database, through the portal's
// own data layer (run by e2e/expiry-seed.ts with tsx --conditions=react-server, DATA_DIR set).
import { randomUUID } from 'node:crypto';
import { databasePath, openDatabase, setDb } from '@/db';
import { authKeys } from '@/db/schema';
import { storeCredential } from '@/lib/dal/credentials';

type SeedKey = { name: string; tenantId: string; clientId: string; secret: string; expiresAt: string | null };

const input = JSON.parse(process.argv[2] ?? '[]') as SeedKey[];
const db = openDatabase(databasePath(process.env.DATA_DIR!));
setDb(db);
const ids = db.transaction((tx) =>
  input.map((k) => {
    const id = randomUUID();
    tx.insert(authKeys).values({ id, name: k.name, cloud: 'sandbox', tenantId: k.tenantId, clientId: k.clientId }).run();
    storeCredential(tx, id, 'secret', k.secret, k.expiresAt);
    return id;
  }),
);
db.$client.close();
process.stdout.write(JSON.stringify(ids));
