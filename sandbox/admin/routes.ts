import { randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SandboxConnection } from '../connection';
import type { SandboxContext } from '../context';
import { faultConfigSchema } from '../http/faults';
import { certificateFromKey, keyCredentialView } from '../graph/application-keys';
import { randomSecret } from '../state/ids';

export interface AdminResult {
  status: number;
  body?: unknown;
}

const grantsSchema = z.object({
  permissions: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9.-]*$/, 'not a permission name')).max(100),
}).strict();

const newSecretSchema = z.object({
  displayName: z.string().max(100).optional(),
  days: z.number().int().min(1).max(730).optional(),
}).strict();

const uploadCertificateSchema = z.object({
  // Base64 DER of the public certificate, as Graph's keyCredential.key: never a private key.
  key: z.string().min(100).max(20_000).regex(/^[A-Za-z0-9+/=]+$/, 'base64 of the DER certificate'),
  displayName: z.string().max(100).optional(),
}).strict();

const policySchema = z.object({
  passwordAddition: z.boolean().optional(),
  passwordLifetimeDays: z.number().int().min(1).max(3650).optional(),
  asymmetricKeyLifetimeDays: z.number().int().min(1).max(3650).optional(),
}).strict();

const error = (status: number, code: string, message: string, extra?: Record<string, unknown>): AdminResult =>
  ({ status, body: { error: { code, message, ...extra } } });

function authorized(ctx: SandboxContext, header: string | undefined): boolean {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(token);
  const b = Buffer.from(ctx.adminToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

function invalid(issues: z.ZodError): AdminResult {
  return error(400, 'BadRequest', 'The request body is not valid.', {
    issues: issues.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/**
 * The /_sandbox/ admin surface for tests and the portal's Sandbox page. Every call needs
 * "Authorization: Bearer <adminToken>" (from connection.json).
 */
export function handleAdmin(
  ctx: SandboxContext,
  connection: () => SandboxConnection,
  req: { method: string; path: string; query: URLSearchParams; authorization?: string; body: unknown },
): AdminResult {
  if (!authorized(ctx, req.authorization)) return error(401, 'Unauthorized', 'A valid sandbox admin token is required.');
  const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
  const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent); // ['_sandbox', ...]

  if (route === 'POST /_sandbox/reset') {
    ctx.state.reset();
    ctx.throttle.reset();
    return { status: 204 };
  }
  if (route === 'GET /_sandbox/requests') {
    const since = Number(req.query.get('since') ?? 0);
    return { status: 200, body: { requests: ctx.requestLog.list(Number.isFinite(since) ? since : 0) } };
  }
  if (route === 'DELETE /_sandbox/requests') {
    ctx.requestLog.clear();
    return { status: 204 };
  }
  if (route === 'POST /_sandbox/faults') {
    const parsed = faultConfigSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(parsed.error);
    ctx.faults.configure(parsed.data);
    ctx.throttle.reset();
    return { status: 200, body: parsed.data };
  }
  if (route === 'DELETE /_sandbox/faults') {
    ctx.faults.clear();
    ctx.throttle.reset();
    return { status: 204 };
  }
  if (route === 'GET /_sandbox/connection') return { status: 200, body: connection() };
  if (route === 'GET /_sandbox/state/users') {
    const upn = req.query.get('upn');
    if (!upn) return error(400, 'BadRequest', 'The query parameter upn is required.');
    const found = ctx.state.findUserByUpn(upn);
    if (!found) return error(404, 'NotFound', `No user '${upn}' in any sandbox tenant.`);
    const { user, tenant } = found;
    const groups = [...tenant.groups.values()].filter((g) => g.memberIds.includes(user.data.id)).map((g) => g.data.displayName);
    return { status: 200, body: { tenantId: tenant.id, ...user.data, requiresMfa: user.requiresMfa, groups } };
  }
  // App management policies: the tenant's default (tenantAppManagementPolicy) or one app's own.
  if (parts[1] === 'tenants' && parts[3] === 'app-management-policy' && parts.length === 4) {
    const tenant = ctx.state.tenants.find((t) => t.id === parts[2]);
    if (!tenant) return error(404, 'NotFound', `No tenant '${parts[2]}'.`);
    if (req.method === 'DELETE') {
      tenant.appManagementPolicy = null;
      ctx.state.changed();
      return { status: 204 };
    }
    if (req.method === 'PUT') {
      const parsed = policySchema.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      tenant.appManagementPolicy = { policyId: '00000000-0000-0000-0000-000000000000', ...parsed.data };
      ctx.state.changed();
      return { status: 200, body: tenant.appManagementPolicy };
    }
  }
  if (req.method === 'GET' && parts[1] === 'apps' && parts.length === 3) {
    // What Certificates & secrets in Azure shows for one app: never a secret value.
    const found = ctx.state.findApp(parts[2]);
    if (!found) return error(404, 'NotFound', `No app with client id '${parts[2]}'.`);
    const { app } = found;
    return {
      status: 200,
      body: {
        clientId: app.appId,
        passwordCredentials: app.passwordCredentials.map((p) => ({ keyId: p.keyId, displayName: p.displayName, hint: p.hint, endDateTime: p.endDateTime })),
        keyCredentials: app.keyCredentials.map(keyCredentialView),
        appManagementPolicy: app.appManagementPolicy ?? null,
      },
    };
  }
  if (parts[1] === 'apps' && parts.length >= 4) {
    const found = ctx.state.findApp(parts[2]);
    if (!found) return error(404, 'NotFound', `No app with client id '${parts[2]}'.`);
    const { app } = found;
    if (req.method === 'POST' && parts[3] === 'grants' && parts.length === 4) {
      const parsed = grantsSchema.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      // Granting admin consent also means the permissions are requested, as in the Azure portal.
      app.grantedPermissions = [...new Set(parsed.data.permissions)];
      app.requestedPermissions = [...new Set([...app.requestedPermissions, ...app.grantedPermissions])];
      ctx.state.changed();
      return { status: 200, body: { clientId: app.appId, grantedPermissions: app.grantedPermissions, requestedPermissions: app.requestedPermissions } };
    }
    if (req.method === 'POST' && parts[3] === 'delegated-grants' && parts.length === 4) {
      const parsed = grantsSchema.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      // What an admin consenting to delegated permissions (or a user consenting) leaves in `scp`.
      app.delegatedPermissions = [...new Set(parsed.data.permissions)];
      ctx.state.changed();
      return { status: 200, body: { clientId: app.appId, delegatedPermissions: app.delegatedPermissions } };
    }
    if (req.method === 'POST' && parts[3] === 'secrets' && parts.length === 4) {
      const parsed = newSecretSchema.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      // "New client secret" in the Azure portal: the value is shown this once.
      const start = new Date();
      const value = randomSecret();
      const secret = {
        keyId: randomUUID(), displayName: parsed.data.displayName ?? 'Sandbox secret', value, hint: value.slice(0, 3),
        startDateTime: start.toISOString(), endDateTime: new Date(start.getTime() + (parsed.data.days ?? 180) * 86_400_000).toISOString(),
      };
      app.passwordCredentials.push(secret);
      ctx.state.changed();
      return { status: 201, body: { secretId: secret.keyId, displayName: secret.displayName, value, hint: secret.hint, expiresAt: secret.endDateTime } };
    }
    if (parts[3] === 'app-management-policy' && parts.length === 4 && (req.method === 'PUT' || req.method === 'DELETE')) {
      if (req.method === 'DELETE') {
        app.appManagementPolicy = null;
        ctx.state.changed();
        return { status: 204 };
      }
      const parsed = policySchema.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      app.appManagementPolicy = { policyId: randomUUID(), ...parsed.data };
      ctx.state.changed();
      return { status: 200, body: app.appManagementPolicy };
    }
    if (req.method === 'POST' && parts[3] === 'certificates' && parts.length === 4) {
      const parsed = uploadCertificateSchema.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      // "Upload certificate" in the Azure portal: the public certificate joins keyCredentials.
      let cert;
      try {
        cert = certificateFromKey(parsed.data.key, parsed.data.displayName ?? 'Uploaded certificate');
      } catch {
        return error(400, 'BadRequest', 'The key is not a DER X.509 certificate.');
      }
      if (app.keyCredentials.some((k) => k.thumbprintSha1.equals(cert.thumbprintSha1))) return error(409, 'Conflict', 'This certificate is already on the app.');
      app.keyCredentials.push(cert);
      ctx.state.changed();
      return { status: 201, body: keyCredentialView(cert) };
    }
    if (req.method === 'DELETE' && parts[3] === 'secrets' && parts.length === 5) {
      const index = app.passwordCredentials.findIndex((s) => s.keyId === parts[4].toLowerCase());
      if (index < 0) return error(404, 'NotFound', `No secret '${parts[4]}' on app '${app.appId}'.`);
      app.passwordCredentials.splice(index, 1);
      ctx.state.changed();
      return { status: 204 };
    }
  }
  return error(404, 'NotFound', `No sandbox admin endpoint ${route}.`);
}
