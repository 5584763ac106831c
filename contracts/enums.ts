// The portal's shared vocabularies: the database schemas (both engines) and the pages use the
// same lists. Plain data, importable anywhere (db/, lib/, components/).

export const ROLES = ['admin', 'operator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const CLOUDS = ['global', 'usgov', 'dod', 'china', 'sandbox', 'custom'] as const;
export type CloudId = (typeof CLOUDS)[number];

export const ACCESS_TYPES = ['app', 'delegated'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;

export const CREDENTIAL_KINDS = ['secret', 'password', 'certificate'] as const;
// 'next': created by an automatic rotation and stored sealed, not signed in with yet.
export const CREDENTIAL_STATES = ['next', 'active', 'previous', 'retired'] as const;
// Where a credential's end date came from: typed by an administrator, read from Microsoft Graph,
// or read from the certificate itself (its notAfter, exact without Graph).
export const EXPIRY_SOURCES = ['typed', 'graph', 'certificate'] as const;
export type ExpirySource = (typeof EXPIRY_SOURCES)[number];
// The credential an app signs in with: a key holds one of them active at a time.
export const APP_CREDENTIAL_KINDS = ['secret', 'certificate'] as const;
export type AppCredentialKind = (typeof APP_CREDENTIAL_KINDS)[number];

export const TEST_TRIGGERS = ['manual', 'scheduled', 'rotation'] as const;
export const TEST_OUTCOMES = ['success', 'failure'] as const;

export const THROTTLE_SCOPES = ['sign-in', 'current-password'] as const;

export const JOB_STATES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
// 'warning': created, but a group or the license could not be added (said in errorMessage).
export const JOB_ROW_STATES = ['pending', 'created', 'warning', 'exists', 'failed', 'invalid'] as const;
export type JobRowState = (typeof JOB_ROW_STATES)[number];

export const CHANNEL_KINDS = ['email', 'teams', 'slack', 'webhook'] as const;
export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;

// An automatic rotation's steps (lib/rotation/engine.ts): each is stored before the next begins.
export const ROTATION_STATES = ['creating', 'verifying', 'overlap', 'done', 'failed'] as const;
export type RotationState = (typeof ROTATION_STATES)[number];

// Who uses a key's credential (issue 18): Pliant's authKey form and other copies hold the secret
// itself and must be handed a new one after a rotation; token-broker consumers never hold it.
export const CONSUMER_KINDS = ['pliant', 'copy', 'broker'] as const;
export type ConsumerKind = (typeof CONSUMER_KINDS)[number];
