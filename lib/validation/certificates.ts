import { z } from 'zod';
import { CERTIFICATE_MONTHS, PFX_MAX_BYTES } from './certificate-rules';

// The wizard's "Generate a certificate" and "Import a certificate" forms (stage 3), parsed on the server.

export const generateCertificateSchema = z.object({
  commonName: z.string().trim().min(1, 'Enter a name for the certificate (its subject, CN=…).').max(64, 'Keep the name under 64 characters.'),
  months: z.coerce.number().int().refine((m) => (CERTIFICATE_MONTHS as readonly number[]).includes(m), 'Choose 3, 6, 12 or 24 months.'),
  keySize: z.coerce.number().int().refine((k): k is 2048 | 3072 => k === 2048 || k === 3072, 'Choose RSA 2048 or 3072 bits.') as unknown as z.ZodType<2048 | 3072>,
});

const pemText = (label: string, marker: string) =>
  z.string().trim().min(1, `Paste the ${label}.`).max(20_000, `The ${label} is too long for one certificate.`).refine((v) => v.includes('-----BEGIN'), `Paste the PEM text, starting with -----BEGIN ${marker}-----.`);

export const importPemSchema = z.object({
  certificatePem: pemText('certificate', 'CERTIFICATE'),
  privateKeyPem: pemText('private key', 'PRIVATE KEY'),
});

export const importPfxSchema = z.object({
  pfx: z.instanceof(File, { message: 'Choose the .pfx or .p12 file.' }).refine((f) => f.size > 0, 'Choose the .pfx or .p12 file.').refine((f) => f.size <= PFX_MAX_BYTES, 'A PFX file for one certificate is at most 64 KB.'),
  pfxPassword: z.string().max(256, 'A password is at most 256 characters long.'),
});
