import 'server-only';
import { NetworkError } from '@/lib/net/https-fetch';
import { CloudUnavailableError } from './clouds';

/** The wizard stages, each covering some of the seed guide's 19 steps. */
export const WIZARD_STAGES = [
  { id: 'register', label: 'Register the app', steps: '1–4' },
  { id: 'permissions', label: 'Choose what the key will do', steps: '5–11' },
  { id: 'secret', label: 'Create the credential', steps: '12–14' },
  { id: 'key', label: 'Create the authKey', steps: '15–19' },
  { id: 'test', label: 'Test and save', steps: '' },
] as const;
export type WizardStage = (typeof WIZARD_STAGES)[number]['id'];

export type Diagnosis = {
  /** 'AADSTS7000215', 'network.timeout', 'consent_missing'… */
  code: string;
  title: string;
  explanation: string;
  /** Which step of the guide fixes it, in words: "Step 16". */
  step: string;
  stage: WizardStage;
  traceId: string | null;
  correlationId: string | null;
};

type Entry = Pick<Diagnosis, 'title' | 'explanation' | 'step' | 'stage'>;

// FACTS.md "The token endpoint": every AADSTS code listed there, then the password-grant codes.
export const AADSTS: Record<string, Entry> = {
  '7000215': {
    title: 'The client secret is wrong',
    explanation: "Entra ID rejected the client secret. Paste the secret's Value, not the Secret ID: the Value is shown only once, right after the secret is created. If it is no longer visible, create a new secret.",
    step: 'Step 16',
    stage: 'key',
  },
  '7000222': {
    title: 'The client secret has expired',
    explanation: "This secret's end date has passed, so Entra ID no longer accepts it. Create a new client secret under Certificates & secrets and paste its Value here.",
    step: 'Steps 13–16',
    stage: 'secret',
  },
  '700016': {
    title: 'No such application in this tenant',
    explanation: 'Entra ID found no application with this Client ID in the directory. The Client ID or the Tenant ID is wrong, or they belong to different tenants: copy both from the app’s Overview page.',
    step: 'Step 18',
    stage: 'key',
  },
  '90002': {
    title: 'Tenant not found',
    explanation: 'No tenant with this Tenant ID exists in the chosen cloud. Copy the Directory (tenant) ID from the app’s Overview page, and check that the Cloud matches where the tenant lives.',
    step: 'Step 18',
    stage: 'key',
  },
  '900023': {
    title: 'The Tenant ID is not valid',
    explanation: 'The Tenant ID is neither a GUID nor a domain the tenant owns. Copy the Directory (tenant) ID from the app’s Overview page.',
    step: 'Step 18',
    stage: 'key',
  },
  '70011': {
    title: 'The scope is not valid',
    explanation: 'Entra ID refused the requested scope. Client credentials need `{Graph endpoint}/.default`: check the Cloud, and for a Custom cloud the Graph endpoint.',
    step: 'Step 15',
    stage: 'key',
  },
  '1002012': {
    title: 'The scope is not valid',
    explanation: 'Entra ID refused the requested scope. Client credentials need `{Graph endpoint}/.default`: check the Cloud, and for a Custom cloud the Graph endpoint.',
    step: 'Step 15',
    stage: 'key',
  },
  '7000112': {
    title: 'The application is disabled',
    explanation: 'An administrator disabled this application in the tenant. Enable it again under Enterprise applications (Properties, "Enabled for users to sign in"), or register a new app.',
    step: 'Steps 1–4',
    stage: 'register',
  },
  '7000218': {
    title: 'No client secret was sent',
    explanation: 'The request carried no client secret. Enter the Client Secret: the Value of the secret you created.',
    step: 'Step 16',
    stage: 'key',
  },
  '7000216': {
    title: 'No client secret was sent',
    explanation: 'The request carried no client secret or certificate. Enter the Client Secret: the Value of the secret you created.',
    step: 'Step 16',
    stage: 'key',
  },
  '700027': {
    title: 'The certificate was rejected',
    explanation: 'The client assertion failed signature validation: the certificate does not match one uploaded to the app. Upload the certificate under Certificates & secrets.',
    step: 'Steps 12–14',
    stage: 'secret',
  },
  '53003': {
    title: 'Blocked by Conditional Access',
    explanation: 'A Conditional Access policy in the tenant blocks this sign-in. Ask a Conditional Access administrator to allow this app (or this portal’s network location).',
    step: 'Tenant policy',
    stage: 'test',
  },
  '50126': {
    title: 'Wrong username or password',
    explanation: 'Entra ID rejected the Username or Password of this Delegated key. Check both, and that the username is the user principal name.',
    step: 'Step 19',
    stage: 'key',
  },
  '50057': {
    title: 'The user account is disabled',
    explanation: 'The account in Username is disabled in the tenant. Enable it, or use another account.',
    step: 'Step 19',
    stage: 'key',
  },
  '50053': {
    title: 'The user account is locked',
    explanation: 'Too many failed sign-ins locked the account in Username. Wait for the lock to end, or ask an administrator to unlock it.',
    step: 'Step 19',
    stage: 'key',
  },
  '50055': {
    title: 'The password has expired',
    explanation: 'The password of the account in Username has expired. Change it, then enter the new one here.',
    step: 'Step 19',
    stage: 'key',
  },
  '50076': {
    title: 'The account requires multi-factor authentication',
    explanation: 'The password grant cannot do MFA, so this account cannot be used by a Delegated key. Use an "Enterprise App" key instead (recommended), or exclude this account from MFA by policy.',
    step: 'Step 15',
    stage: 'key',
  },
  '65001': {
    title: 'Consent has not been granted',
    explanation: 'Neither the user nor an administrator has consented to the delegated permissions this app asks for. Grant admin consent on the API permissions page.',
    step: 'Step 11',
    stage: 'permissions',
  },
};

const NETWORK: Record<string, Entry> = {
  dns: { title: 'The sign-in host could not be found', explanation: 'The authority host name does not resolve. Check the Cloud, and for a Custom cloud the Authority host.', step: 'Step 15', stage: 'key' },
  refused: { title: 'The sign-in host refused the connection', explanation: 'Nothing is listening at the authority host. For the Sandbox cloud, the sandbox tenant may have stopped; for a Custom cloud, check the Authority host and port.', step: 'Step 15', stage: 'key' },
  tls: { title: 'The sign-in host’s certificate is not trusted', explanation: 'The TLS certificate of the authority host could not be verified, so the portal did not send the secret. Check the Authority host, or a proxy that intercepts TLS.', step: 'Step 15', stage: 'key' },
  timeout: { title: 'No answer in time', explanation: 'The authority host did not answer within 15 seconds. Try again; if it persists, check this server’s network path to the cloud.', step: 'Try again', stage: 'test' },
  reset: { title: 'The connection was interrupted', explanation: 'The authority host closed the connection before answering. Try again.', step: 'Try again', stage: 'test' },
  other: { title: 'The sign-in host could not be reached', explanation: 'The request did not get an answer from the authority host. Try again, and check the Cloud setting.', step: 'Try again', stage: 'test' },
};

/** Removes the given secrets from a text taken from the outside world, before it is shown or stored. */
export function redact(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

const TRACE = /Trace ID:\s*([0-9a-f-]{8,})/i;
const CORRELATION = /Correlation ID:\s*([0-9a-f-]{8,})/i;

// Not in FACTS.md's table: Entra's code for a client assertion outside its exp/nbf (the sandbox
// answers it the same way), which in practice means this server's clock is off.
const CLOCK_SKEW: Entry = {
  title: 'The client assertion is outside its valid time',
  explanation: 'Entra ID judged the signed assertion expired or not yet valid, which means this server’s clock differs from Microsoft’s by more than a few minutes. Synchronise the server’s clock (NTP) and test again.',
  step: 'Server clock',
  stage: 'test',
};

const CERTIFICATE_EXPIRED: Entry = {
  title: 'The certificate has expired',
  explanation: 'The certificate uploaded to the app is past its end date, so Entra ID refuses assertions it signs. Create a new certificate (stage 3), upload it under Certificates & secrets → Certificates, and save it on this key.',
  step: 'Steps 12–14',
  stage: 'secret',
};

const CERTIFICATE_NOT_UPLOADED: Entry = {
  title: 'The certificate is not uploaded to this app',
  explanation: 'Entra ID does not know the certificate’s thumbprint on this app: it was not uploaded yet, was uploaded to another app, or was removed. Upload the .cer file under Certificates & secrets → Certificates → Upload certificate, check that the thumbprint matches, and test again.',
  step: 'Steps 12–14',
  stage: 'secret',
};

/** A stored certificate past its notAfter: no sign-in is attempted with it. */
export function certificateExpired(notAfter: string): Diagnosis {
  return { code: 'certificate_expired', ...CERTIFICATE_EXPIRED, explanation: `The certificate expired on ${notAfter.slice(0, 10)}. ${CERTIFICATE_EXPIRED.explanation.split('. ').slice(1).join('. ')}`, traceId: null, correlationId: null };
}

type MsalLike = { errorCode?: string; errorNo?: string; errorMessage?: string; correlationId?: string; message?: string };

/**
 * Turns a failed token request into a plain sentence and the step that fixes it.
 * `network` is the failure the portal's own network client saw (MSAL wraps it generically).
 */
export function diagnose(error: unknown, options: { network?: NetworkError | null; secrets?: readonly (string | undefined | null)[] } = {}): Diagnosis {
  const secrets = options.secrets ?? [];
  const network = error instanceof NetworkError ? error : options.network;
  if (network) {
    return { code: `network.${network.kind}`, ...NETWORK[network.kind], traceId: null, correlationId: null };
  }
  if (error instanceof CloudUnavailableError) {
    return { code: 'cloud_unavailable', title: 'The cloud cannot be reached', explanation: error.message, step: 'Step 15', stage: 'key', traceId: null, correlationId: null };
  }
  const e = (error ?? {}) as MsalLike;
  const description = redact(e.errorMessage ?? e.message ?? String(error), secrets);
  const codeNo = e.errorNo ?? /AADSTS(\d+)/.exec(description)?.[1];
  const traceId = TRACE.exec(description)?.[1] ?? null;
  const correlationId = CORRELATION.exec(description)?.[1] ?? e.correlationId ?? null;
  // 700027 covers both an unknown certificate and an expired one: Entra's reason says which.
  if (String(codeNo) === '700027' && /key used is expired/i.test(description)) return { code: 'AADSTS700027', ...CERTIFICATE_EXPIRED, traceId, correlationId };
  if (String(codeNo) === '700024') return { code: 'AADSTS700024', ...CLOCK_SKEW, traceId, correlationId };
  if (String(codeNo) === '700027' && /key was not found/i.test(description)) return { code: 'AADSTS700027', ...CERTIFICATE_NOT_UPLOADED, traceId, correlationId };
  if (codeNo && AADSTS[codeNo]) return { code: `AADSTS${codeNo}`, ...AADSTS[codeNo], traceId, correlationId };
  // Unknown: Entra's own first sentence, without the trace lines (shown separately).
  const own = description.split(/\r?\n|Trace ID:/)[0].trim() || 'The token request failed.';
  return {
    code: codeNo ? `AADSTS${codeNo}` : (e.errorCode ?? 'unknown'),
    title: codeNo ? `Entra ID refused the sign-in (AADSTS${codeNo})` : 'The token request failed',
    explanation: own,
    step: 'See Entra’s message',
    stage: 'test',
    traceId,
    correlationId,
  };
}

/** Signed in, but the token carries no permission at all. */
export function consentMissing(accessType: 'app' | 'delegated' = 'app'): Diagnosis {
  return {
    code: 'consent_missing',
    title: 'Admin consent has not been granted',
    explanation:
      accessType === 'delegated'
        ? 'The sign-in worked, but admin consent has not been granted: the token carries no delegated permissions (scp). Open API permissions, click "Grant admin consent", and check that every row shows "Granted".'
        : 'The sign-in worked, but admin consent has not been granted: the token carries no application permissions. Open API permissions, click "Grant admin consent", and check that every row shows "Granted".',
    step: 'Step 11',
    stage: 'permissions',
    traceId: null,
    correlationId: null,
  };
}

/** Signed in, but some permissions the chosen operations need are not granted. */
export function permissionsMissing(missing: readonly string[]): Diagnosis {
  return {
    code: 'permissions_missing',
    title: 'Some permissions are missing',
    explanation: `The key signs in, but it lacks ${missing.join(', ')}. Add ${missing.length === 1 ? 'it' : 'them'} as Microsoft Graph application permissions, then grant admin consent again.`,
    step: 'Steps 9–11',
    stage: 'permissions',
    traceId: null,
    correlationId: null,
  };
}

/**
 * A Delegated key signed in, but its token's scp lacks permissions the operations need. Graph's
 * delegated permissions carry the same names; the user's own directory role limits them further.
 */
export function delegatedPermissionsMissing(missing: readonly string[]): Diagnosis {
  return {
    code: 'delegated_permissions_missing',
    title: 'Some delegated permissions are missing',
    explanation: `The account signs in, but the token's delegated permissions (scp) lack ${missing.join(', ')}. Add ${missing.length === 1 ? 'it' : 'them'} as Microsoft Graph delegated permissions and grant admin consent again; the account itself also needs a directory role that allows these operations.`,
    step: 'Steps 9–11',
    stage: 'permissions',
    traceId: null,
    correlationId: null,
  };
}
