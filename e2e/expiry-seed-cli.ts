// Seeds authKeys with real encrypted secrets into the e2e portal's database, through the portal's
// own data layer (run by e2e/expiry-seed.ts with tsx --conditions=react-server, DATA_DIR set).
import { randomUUID } from 'node:crypto';
import { closeDatabase, databasePath, openDatabase, setDb, transaction } from '@/db';
import { databaseUrl } from '@/db/engine';
import { authKeys } from '@/db/schema';
import { generateCertificate } from '@/lib/crypto/certificates';
import { storeCertificate, storeCredential } from '@/lib/dal/credentials';

// `certificateMonths`: a certificate key instead, its certificate generated here (the public PEM is printed for the upload).
type SeedKey = { name: string; tenantId: string; clientId: string; secret: string; expiresAt: string | null; certificateMonths?: number };

const input = JSON.parse(process.argv[2] ?? '[]') as SeedKey[];
async function main() {
  const db = openDatabase(databaseUrl() ?? databasePath(process.env.DATA_DIR!));
  setDb(db);
  const ids = await transaction(async (tx) => {
    const out: { id: string; certificatePem?: string }[] = [];
    for (const k of input) {
      const id = randomUUID();
      await tx.insert(authKeys).values({ id, name: k.name, cloud: 'sandbox', tenantId: k.tenantId, clientId: k.clientId });
      if (k.certificateMonths) {
        const cert = await generateCertificate({ commonName: k.name, months: k.certificateMonths, keySize: 2048 });
        await storeCertificate(tx, id, cert);
        out.push({ id, certificatePem: cert.certificatePem });
      } else {
        await storeCredential(tx, id, 'secret', k.secret, k.expiresAt);
        out.push({ id });
      }
    }
    return out;
  }, db);
  await closeDatabase(db);
  process.stdout.write(JSON.stringify(ids));
}

void main();
