import 'server-only';
import { getDb } from '@/db';
import { requireRole } from '@/lib/auth/session';
import { certificateKeyBase64 } from '@/lib/crypto/certificates';
import { writeAudit } from '@/lib/dal/audit-write';
import { NetworkError, trustedFetch } from '@/lib/net/https-fetch';
import { readSandboxConnection } from './connection';

export type SandboxAppView = {
  displayName: string;
  clientId: string;
  disabled: boolean;
  grantedPermissions: string[];
  secrets: { displayName: string; secretId: string; hint: string; expiresAt: string; value?: string }[];
};
export type SandboxView = {
  authorityHost: string;
  graphEndpoint: string;
  caCertPath: string;
  tenants: { id: string; displayName: string; domains: string[]; apps: SandboxAppView[]; users: { userPrincipalName: string; password?: string; note?: string }[] }[];
};

/**
 * The sandbox tenant's connection details for the Sandbox page. Its secrets are test values,
 * but they are still secrets: only administrators see them.
 */
export async function getSandboxView(): Promise<SandboxView | null> {
  const actor = await requireRole(['admin', 'operator', 'auditor'], 'view sandbox');
  const found = readSandboxConnection();
  if (!found) return null;
  const showSecrets = actor.role === 'admin';
  const { connection } = found;
  return {
    authorityHost: connection.authorityHost,
    graphEndpoint: connection.graphEndpoint,
    caCertPath: connection.caCertPath,
    tenants: connection.tenants.map((tenant) => ({
      id: tenant.id,
      displayName: tenant.displayName,
      domains: tenant.domains,
      apps: tenant.apps.map((app) => ({
        displayName: app.displayName,
        clientId: app.clientId,
        disabled: app.disabled,
        grantedPermissions: app.grantedPermissions,
        secrets: app.secrets.map((s) => ({ displayName: s.displayName, secretId: s.secretId, hint: s.hint, expiresAt: s.expiresAt, ...(showSecrets ? { value: s.value } : {}) })),
      })),
      users: (tenant.users ?? []).map((u) => ({ userPrincipalName: u.userPrincipalName, note: u.note, ...(showSecrets ? { password: u.password } : {}) })),
    })),
  };
}

export type NewSandboxSecret = { secretId: string; displayName: string; value: string; hint: string; expiresAt: string };

/**
 * "New client secret" on a sandbox app, over HTTPS like any other client of the sandbox: what an
 * administrator does in Azure's Certificates & secrets, for trying rotation on any app.
 */
export async function createSandboxSecret(input: { clientId: string; displayName: string; days: number }): Promise<{ ok: true; secret: NewSandboxSecret } | { ok: false; message: string }> {
  const actor = await requireRole(['admin'], 'sandbox.new_secret');
  const found = readSandboxConnection();
  if (!found) return { ok: false, message: 'The sandbox tenant is not running (SANDBOX=off).' };
  const { connection, ca } = found;
  let outcome: { ok: true; secret: NewSandboxSecret } | { ok: false; message: string };
  try {
    const response = await trustedFetch(`${connection.authorityHost}/_sandbox/apps/${encodeURIComponent(input.clientId)}/secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: input.displayName, days: input.days }),
      ca,
      timeoutMs: 10_000,
    });
    outcome = response.status === 201 ? { ok: true, secret: (await response.json()) as NewSandboxSecret } : { ok: false, message: `The sandbox answered ${response.status}.` };
  } catch (error) {
    outcome = { ok: false, message: error instanceof NetworkError ? `The sandbox could not be reached: ${error.message}` : 'The sandbox could not be reached.' };
  }
  await writeAudit(getDb(), {
    action: 'sandbox.new_secret',
    outcome: outcome.ok ? 'success' : 'failure',
    actor,
    targetType: 'sandbox_app',
    targetId: input.clientId,
    detail: outcome.ok ? { secretId: outcome.secret.secretId, hint: outcome.secret.hint, expiresAt: outcome.secret.expiresAt } : { message: outcome.message },
  });
  return outcome;
}

export type UploadedSandboxCertificate = { keyId: string; endDateTime: string };

/**
 * "Upload certificate" on a sandbox app (what an administrator does in Azure's Certificates &
 * secrets → Certificates): only the public certificate travels, over HTTPS like any client.
 */
export async function uploadSandboxCertificate(input: { clientId: string; certificatePem: string; displayName: string }): Promise<{ ok: true; certificate: UploadedSandboxCertificate } | { ok: false; message: string }> {
  const actor = await requireRole(['admin'], 'sandbox.upload_certificate');
  const found = readSandboxConnection();
  if (!found) return { ok: false, message: 'The sandbox tenant is not running (SANDBOX=off).' };
  const { connection, ca } = found;
  let outcome: { ok: true; certificate: UploadedSandboxCertificate } | { ok: false; message: string };
  try {
    const response = await trustedFetch(`${connection.authorityHost}/_sandbox/apps/${encodeURIComponent(input.clientId)}/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: certificateKeyBase64(input.certificatePem), displayName: input.displayName }),
      ca,
      timeoutMs: 10_000,
    });
    if (response.status === 201) outcome = { ok: true, certificate: (await response.json()) as UploadedSandboxCertificate };
    else if (response.status === 409) outcome = { ok: false, message: 'This certificate is on the sandbox app already.' };
    else if (response.status === 404) outcome = { ok: false, message: 'The sandbox has no app with this Client ID. Pick a sandbox app in stage 1.' };
    else outcome = { ok: false, message: `The sandbox answered ${response.status}.` };
  } catch (error) {
    outcome = { ok: false, message: error instanceof NetworkError ? `The sandbox could not be reached: ${error.message}` : 'The sandbox could not be reached.' };
  }
  await writeAudit(getDb(), {
    action: 'sandbox.upload_certificate',
    outcome: outcome.ok ? 'success' : 'failure',
    actor,
    targetType: 'sandbox_app',
    targetId: input.clientId,
    detail: outcome.ok ? { azureKeyId: outcome.certificate.keyId, endDateTime: outcome.certificate.endDateTime } : { message: outcome.message },
  });
  return outcome;
}

/** Restores the sandbox tenant's seed over HTTPS, as any other client of it would. */
export async function resetSandbox(): Promise<{ ok: true } | { ok: false; message: string }> {
  const actor = await requireRole(['admin'], 'reset sandbox');
  const found = readSandboxConnection();
  if (!found) return { ok: false, message: 'The sandbox tenant is not running (SANDBOX=off).' };
  const { connection, ca } = found;
  let outcome: { ok: true } | { ok: false; message: string };
  let requestId: string | undefined;
  try {
    const response = await trustedFetch(`${connection.authorityHost}/_sandbox/reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.adminToken}` },
      ca,
      timeoutMs: 10_000,
    });
    requestId = response.headers.get('request-id') ?? undefined;
    outcome = response.ok ? { ok: true } : { ok: false, message: `The sandbox answered ${response.status}.` };
  } catch (error) {
    outcome = { ok: false, message: error instanceof NetworkError ? `The sandbox could not be reached: ${error.message}` : 'The sandbox could not be reached.' };
  }
  await writeAudit(getDb(), {
    action: 'sandbox.reset',
    outcome: outcome.ok ? 'success' : 'failure',
    actor,
    targetType: 'sandbox',
    requestId,
    detail: outcome.ok ? undefined : { message: outcome.message },
  });
  return outcome;
}
