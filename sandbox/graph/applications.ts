import { randomUUID } from 'node:crypto';
import { GRAPH_APP_ID } from '../context';
import type { GraphCaller } from '../identity/tokens';
import { randomSecret } from '../state/ids';
import type { AppRecord, CertificateRecord, TenantState } from '../state/types';
import { addKey, certificateFromKey, keyCredentialView, removeKey } from './application-keys';
import { checkCertificateAllowed, checkPasswordAllowed } from './app-management-policy';
import { graphErrors } from './errors';
import { listCollection, parseSelect, project } from './odata';
import { GRAPH_APP_ROLE_IDS } from './permission-ids';
import { allows } from './permissions';
import { APPLICATION_PROPERTIES, checkValue } from './schema';
import { json, noContent, type GraphResponse, type HandlerArgs } from './types';

const APP_DEFAULTS = Object.keys(APPLICATION_PROPERTIES);
const TWO_YEARS_MS = 2 * 365 * 86_400_000;

function owns(caller: GraphCaller, app: AppRecord): boolean {
  return app.ownerIds.includes(caller.oid);
}

/** Read access: Application.Read.All (or higher) for any app, Application.ReadWrite.OwnedBy for owned apps. */
function canRead(caller: GraphCaller, app: AppRecord): boolean {
  return allows(caller, 'applications.read') || allows(caller, 'applications.write') || (allows(caller, 'applications.readOwned') && owns(caller, app));
}

function requireWrite(caller: GraphCaller, app: AppRecord): void {
  if (allows(caller, 'applications.write')) return;
  if (allows(caller, 'applications.writeOwned') && owns(caller, app)) return;
  throw graphErrors.denied();
}

export function applicationView(tenant: TenantState, app: AppRecord): Record<string, unknown> {
  return {
    id: app.objectId,
    appId: app.appId,
    createdDateTime: app.createdDateTime,
    description: app.description,
    displayName: app.displayName,
    notes: app.notes,
    publisherDomain: tenant.domains.find((d) => d.isInitial)?.name ?? null,
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [{
      resourceAppId: GRAPH_APP_ID,
      resourceAccess: app.requestedPermissions.filter((p) => GRAPH_APP_ROLE_IDS[p]).map((p) => ({ id: GRAPH_APP_ROLE_IDS[p], type: 'Role' })),
    }],
    // Like Graph: the hint (first three characters) and dates, never the secret itself.
    passwordCredentials: app.passwordCredentials.map((s) => ({
      customKeyIdentifier: null, displayName: s.displayName, endDateTime: s.endDateTime, hint: s.hint,
      keyId: s.keyId, secretText: null, startDateTime: s.startDateTime,
    })),
    keyCredentials: app.keyCredentials.map(keyCredentialView),
  };
}

function resolveApp(tenant: TenantState, first: string, second: string | undefined): { app: AppRecord; rest: number } {
  const byAppId = /^applications\(appId='([^']*)'\)$/.exec(first);
  const key = byAppId ? byAppId[1] : second;
  if (!key) throw graphErrors.unknownSegment(first);
  const app = byAppId
    ? tenant.apps.get(key.toLowerCase())
    : [...tenant.apps.values()].find((a) => a.objectId === key.toLowerCase());
  if (!app) throw graphErrors.notFound(key);
  return { app, rest: byAppId ? 1 : 2 };
}

/** PATCH keyCredentials replaces the collection: entries with `key` are (re)uploaded, entries with only `keyId` are kept. */
function patchKeyCredentials(app: AppRecord, value: Array<Record<string, unknown>>): CertificateRecord[] {
  return value.map((entry) => {
    if (typeof entry.key !== 'string') {
      const existing = app.keyCredentials.find((k) => k.keyId === entry.keyId);
      if (!existing) throw graphErrors.badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
      return existing;
    }
    if (entry.type !== 'AsymmetricX509Cert' || entry.usage !== 'Verify') {
      throw graphErrors.badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'. Only 'AsymmetricX509Cert' with usage 'Verify' is supported.");
    }
    return certificateFromKey(entry.key, typeof entry.displayName === 'string' ? entry.displayName : 'Certificate',
      typeof entry.keyId === 'string' ? entry.keyId : undefined);
  });
}

function patchApp({ ctx, caller, req, tenant }: HandlerArgs, app: AppRecord): GraphResponse {
  requireWrite(caller, app);
  const input = (req.body ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    const def = APPLICATION_PROPERTIES[key];
    if (!def) throw graphErrors.badRequest(`Property '${key}' does not exist as a declared property or extension property.`);
    if (!def.writable) throw graphErrors.badRequest(`Property '${key}' is read-only and cannot be set.`);
    const problem = checkValue(def.type, value);
    if (problem) throw graphErrors.badRequest(problem, 'BadRequest');
  }
  const keyCredentials = Array.isArray(input.keyCredentials) ? patchKeyCredentials(app, input.keyCredentials) : undefined;
  // Only certificates new to the app are held to the policy's lifetime.
  for (const k of keyCredentials ?? []) if (!app.keyCredentials.includes(k)) checkCertificateAllowed(tenant, app, k.startDateTime, k.endDateTime);
  if (typeof input.displayName === 'string') app.displayName = input.displayName;
  if ('description' in input) app.description = (input.description as string | null) ?? null;
  if ('notes' in input) app.notes = (input.notes as string | null) ?? null;
  if (keyCredentials) app.keyCredentials = keyCredentials;
  ctx.state.changed();
  return noContent();
}

function addPassword({ ctx, req, tenant }: HandlerArgs, app: AppRecord): GraphResponse {
  const input = ((req.body ?? {}) as { passwordCredential?: Record<string, unknown> }).passwordCredential ?? {};
  const problem = checkValue('graph.passwordCredential', input);
  if (problem) throw graphErrors.badRequest(problem, 'BadRequest');
  const start = typeof input.startDateTime === 'string' ? new Date(input.startDateTime) : new Date();
  const end = typeof input.endDateTime === 'string' ? new Date(input.endDateTime) : new Date(start.getTime() + TWO_YEARS_MS);
  if (end <= start) throw graphErrors.badRequest('Credential end date must be later than its start date.');
  checkPasswordAllowed(tenant, app, start, end);
  const value = randomSecret();
  const secret = {
    keyId: randomUUID(), displayName: typeof input.displayName === 'string' ? input.displayName : '', value, hint: value.slice(0, 3),
    startDateTime: start.toISOString(), endDateTime: end.toISOString(),
    usableAfter: Date.now() + ctx.faults.replicationDelayMs,
  };
  app.passwordCredentials.push(secret);
  ctx.state.changed();
  // secretText is returned this once, as Graph does.
  return json(200, {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#microsoft.graph.passwordCredential`,
    customKeyIdentifier: null, displayName: secret.displayName, endDateTime: secret.endDateTime, hint: secret.hint,
    keyId: secret.keyId, secretText: value, startDateTime: secret.startDateTime,
  });
}

function removePassword({ ctx, req }: HandlerArgs, app: AppRecord): GraphResponse {
  const keyId = (req.body as { keyId?: unknown } | undefined)?.keyId;
  if (typeof keyId !== 'string' || checkValue('Edm.Guid', keyId)) throw graphErrors.badRequest("Invalid value specified for property 'keyId'.", 'BadRequest');
  const index = app.passwordCredentials.findIndex((s) => s.keyId === keyId.toLowerCase());
  if (index < 0) throw graphErrors.badRequest(`No password credential found with keyId '${keyId}'.`);
  app.passwordCredentials.splice(index, 1);
  ctx.state.changed();
  return noContent();
}

/** /applications, /applications/{objectId}[/addPassword|/removePassword|/addKey|/removeKey], /applications(appId='{clientId}')[/…] */
export function handleApplications(args: HandlerArgs): GraphResponse {
  const { ctx, caller, tenant, req, segments } = args;
  if (segments[0] === 'applications' && segments.length === 1) {
    if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
    const visible = [...tenant.apps.values()].filter((a) => canRead(caller, a));
    if (visible.length === 0 && !allows(caller, 'applications.readOwned')) throw graphErrors.denied();
    return listCollection(req, visible.map((a) => applicationView(tenant, a)), {
      baseUrl: ctx.baseUrl, entity: 'application', resource: 'Application', defs: APPLICATION_PROPERTIES, defaults: APP_DEFAULTS,
      filterable: new Set(['appId', 'displayName', 'id']), contextPath: 'applications',
    });
  }
  const { app, rest } = resolveApp(tenant, segments[0], segments[1]);
  const action = segments[rest];
  if (segments.length > rest + 1) throw graphErrors.unknownSegment(segments[rest + 1]);
  if (!action) {
    if (req.method === 'PATCH') return patchApp(args, app);
    if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
    if (!canRead(caller, app)) throw graphErrors.denied();
    const select = parseSelect(req, APPLICATION_PROPERTIES, 'application', APP_DEFAULTS);
    return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#applications/$entity`, ...project(applicationView(tenant, app), select) });
  }
  if (req.method !== 'POST') throw graphErrors.methodNotAllowed();
  if (action === 'addPassword') { requireWrite(caller, app); return addPassword(args, app); }
  if (action === 'removePassword') { requireWrite(caller, app); return removePassword(args, app); }
  if (action === 'addKey') { requireWrite(caller, app); return addKey(args, app); }
  if (action === 'removeKey') { requireWrite(caller, app); return removeKey(args, app); }
  throw graphErrors.unknownSegment(action);
}

