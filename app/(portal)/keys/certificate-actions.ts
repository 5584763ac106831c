'use server';

import { field as text, roleAction } from '@/lib/auth/role-action';
import { KEY_WRITERS } from '@/lib/dal/keys';
import { pendingCertificatePem, prepareCertificate, type PendingCertificateDto } from '@/lib/dal/pending-certificates';
import { uploadSandboxCertificate } from '@/lib/sandbox/admin';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { generateCertificateSchema, importPemSchema, importPfxSchema } from '@/lib/validation/certificates';

/** Stage 3's certificate: its public facts only, never the private key. */
export type CertificateActionState = ActionState & { certificate?: PendingCertificateDto; uploaded?: boolean };

/** Generates a key pair and self-signed certificate, or imports one (PEM or PFX), for a key being created. */
export const prepareCertificateAction = roleAction<CertificateActionState>(KEY_WRITERS, 'certificates.prepare', async (form) => {
  const mode = text(form, 'mode');
  if (mode === 'generate') {
    const parsed = generateCertificateSchema.safeParse({ commonName: text(form, 'commonName'), months: text(form, 'months'), keySize: text(form, 'keySize') });
    if (!parsed.success) return invalid(parsed.error);
    return prepareCertificate({ mode: 'generate', ...parsed.data });
  }
  if (mode === 'pem') {
    const parsed = importPemSchema.safeParse({ certificatePem: text(form, 'certificatePem'), privateKeyPem: text(form, 'privateKeyPem') });
    if (!parsed.success) return invalid(parsed.error);
    return prepareCertificate({ mode: 'pem', ...parsed.data });
  }
  if (mode === 'pfx') {
    const parsed = importPfxSchema.safeParse({ pfx: form.get('pfx'), pfxPassword: text(form, 'pfxPassword') });
    if (!parsed.success) return invalid(parsed.error);
    return prepareCertificate({ mode: 'pfx', file: Buffer.from(await parsed.data.pfx.arrayBuffer()), password: parsed.data.pfxPassword });
  }
  return failure('Choose Generate or Import.');
});

/** Stage 3 in the sandbox: uploads the prepared certificate's public part to the sandbox app. */
export const uploadToSandboxAction = roleAction<CertificateActionState>(['admin'], 'sandbox.upload_certificate', async (form, actor, previous) => {
  const pem = await pendingCertificatePem(text(form, 'certificateId'), actor);
  if (!pem) return failure('Generate or import the certificate again: the prepared one is no longer here.');
  const clientId = text(form, 'clientId').trim();
  if (!clientId) return failure('Pick a sandbox app in stage 1 first.');
  const uploaded = await uploadSandboxCertificate({ clientId, certificatePem: pem, displayName: text(form, 'displayName') || 'authKey Portal' });
  if (!uploaded.ok) return { ...failure(uploaded.message), certificate: previous.certificate };
  return { status: 'success', message: 'Uploaded to the sandbox app, as “Upload certificate” in Azure does.', certificate: previous.certificate, uploaded: true };
});
