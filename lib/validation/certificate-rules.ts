// Plain constants for the certificate forms: the browser imports these without zod.

/** Lifetimes offered for a generated certificate, in months: Azure takes up to its own validity. */
export const CERTIFICATE_MONTHS = [3, 6, 12, 24] as const;
export const DEFAULT_CERTIFICATE_MONTHS = 12;
/** A PFX with one certificate and key is a few KB; this leaves room for a chain. */
export const PFX_MAX_BYTES = 64 * 1024;
