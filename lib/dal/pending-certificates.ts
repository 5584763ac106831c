import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { pendingCertificates } from '@/db/schema';
import { requireRole, type Actor } from '@/lib/auth/session';
import { checkImportedCertificate, describeCertificate, generateCertificate, type CertificateInfo, type CertificateKeySize } from '@/lib/crypto/certificates';
import { openValue, sealValue } from '@/lib/crypto/keyring';
import { bindingFor } from '@/lib/crypto/sealed-columns';
import { readPfx } from '@/lib/crypto/pfx';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { writeAudit } from './audit-write';
import type { StoredCertificate } from './credentials';
import { KEY_WRITERS } from './keys';

// The wizard prepares a certificate before the key exists: the private key waits here, sealed,
// for the save (or for a day, then it is erased). The browser only ever gets the public part.

const KEEP_MS = 24 * 3_600_000;

/** What the wizard shows about a prepared certificate: public facts only. */
export type PendingCertificateDto = CertificateInfo & { id: string; source: 'generated' | 'imported' };

export type PrepareInput =
  | { mode: 'generate'; commonName: string; months: number; keySize: CertificateKeySize }
  | { mode: 'pem'; certificatePem: string; privateKeyPem: string }
  | { mode: 'pfx'; file: Buffer; password: string };

export type PrepareResult = { status: 'success'; certificate: PendingCertificateDto } | ActionState;

async function materialFor(input: PrepareInput): Promise<{ certificatePem: string; privateKeyPem: string } | ActionState> {
  if (input.mode === 'generate') return generateCertificate(input);
  let pem = input.mode === 'pem' ? { certificatePem: input.certificatePem, privateKeyPem: input.privateKeyPem } : null;
  if (input.mode === 'pfx') {
    const opened = readPfx(input.file, input.password);
    if (!opened.ok) return failure('The certificate could not be imported.', { [opened.problem.field]: [opened.problem.message] });
    pem = opened;
  }
  const checked = checkImportedCertificate(pem!.certificatePem, pem!.privateKeyPem);
  if (!checked.ok) {
    // A PFX holds both: its problems belong to the file field.
    const field = input.mode === 'pfx' ? 'pfx' : checked.problem.field === 'certificate' ? 'certificatePem' : 'privateKeyPem';
    return failure('The certificate could not be imported.', { [field]: [checked.problem.message] });
  }
  return { certificatePem: checked.info.certificatePem, privateKeyPem: checked.privateKeyPem };
}

/** Generates or imports a certificate for a key being created (administrators). Audited without any key material. */
export async function prepareCertificate(input: PrepareInput): Promise<PrepareResult> {
  const actor = await requireRole(KEY_WRITERS, 'certificates.prepare');
  const material = await materialFor(input);
  if ('status' in material) return material;
  const info = describeCertificate(material.certificatePem);
  const id = randomUUID();
  const source = input.mode === 'generate' ? 'generated' : 'imported';
  await transaction(async (tx) => {
    await tx.insert(pendingCertificates).values({
      id,
      createdBy: actor.id,
      source,
      certificatePem: info.certificatePem,
      privateKey: await sealValue(material.privateKeyPem, bindingFor('pending_certificates', id)),
      eraseAfter: new Date(Date.now() + KEEP_MS).toISOString(),
    });
    await writeAudit(tx, {
      action: source === 'generated' ? 'certificate.generate' : 'certificate.import',
      outcome: 'success',
      actor,
      targetType: 'pending_certificate',
      targetId: id,
      detail: { thumbprintSha1: info.thumbprintSha1, subject: info.subject, notAfter: info.notAfter, keySize: info.keySize, from: input.mode },
    });
  });
  await erasePendingCertificates();
  return { status: 'success', certificate: { id, source, ...info } };
}

/**
 * A prepared certificate with its private key, for the wizard's test and save: only its own
 * creator may use it, and only until it is erased.
 */
export async function openPendingCertificate(id: string, actor: Actor, db: Pick<Db, 'select'> = getDb()): Promise<(StoredCertificate & { thumbprintSha256: string }) | null> {
  const [row] = await db.select().from(pendingCertificates).where(and(eq(pendingCertificates.id, id), eq(pendingCertificates.createdBy, actor.id))).limit(1);
  if (!row || Date.parse(row.eraseAfter) <= Date.now()) return null;
  const info = describeCertificate(row.certificatePem);
  return { certificatePem: row.certificatePem, privateKeyPem: await openValue(row.privateKey, bindingFor('pending_certificates', id)), thumbprintSha1: info.thumbprintSha1, thumbprintSha256: info.thumbprintSha256, notAfter: info.notAfter };
}

/** The public certificate of a prepared one (sandbox upload), for its creator. */
export async function pendingCertificatePem(id: string, actor: Actor): Promise<string | null> {
  const [row] = await getDb().select({ pem: pendingCertificates.certificatePem, eraseAfter: pendingCertificates.eraseAfter }).from(pendingCertificates).where(and(eq(pendingCertificates.id, id), eq(pendingCertificates.createdBy, actor.id))).limit(1);
  return row && Date.parse(row.eraseAfter) > Date.now() ? row.pem : null;
}

/** Removes a prepared certificate once its key is saved (same transaction as the save). */
export async function consumePendingCertificate(tx: Db, id: string): Promise<void> {
  await tx.delete(pendingCertificates).where(eq(pendingCertificates.id, id));
}

/** Unsaved certificates older than a day go, private key and all. */
export async function erasePendingCertificates(now = new Date()): Promise<number> {
  const gone = await getDb().delete(pendingCertificates).where(lt(pendingCertificates.eraseAfter, now.toISOString())).returning({ id: pendingCertificates.id });
  return gone.length;
}
