import { randomUUID } from 'node:crypto';
import { GRAPH_APP_ID, type SandboxContext } from '../context';
import { isGuid } from '../state/ids';
import { findUser } from '../state/store';
import type { AppRecord, TenantState } from '../state/types';
import { AadstsError, aadsts } from './aadsts';
import { authenticateClient, type ClientCredentialUsed } from './client-auth';
import { TOKEN_LIFETIME_SECONDS, issueAppToken, issueDelegatedTokens } from './tokens';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface TokenResult {
  status: number;
  body: Record<string, unknown>;
  clientId?: string;
}

/** Resolves `{tenant}` from the URL: a GUID or verified domain, else 90002 / 900023 as Entra answers. */
export function resolveTenant(ctx: SandboxContext, segment: string): TenantState {
  if (!isGuid(segment) && !DOMAIN_PATTERN.test(segment)) throw aadsts.malformedTenant(segment);
  const tenant = ctx.state.findTenant(segment);
  if (!tenant) throw aadsts.tenantNotFound(segment);
  return tenant;
}

function graphResource(ctx: SandboxContext, resource: string): boolean {
  const r = resource.replace(/\/+$/, '').toLowerCase();
  return r === ctx.baseUrl.toLowerCase() || r === GRAPH_APP_ID;
}

/** Client credentials take exactly one `{resource}/.default` scope. */
function checkAppScope(ctx: SandboxContext, tenant: TenantState, raw: string | null): void {
  if (raw === null || raw.trim() === '') throw aadsts.missingParameter('scope');
  const scopes = raw.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  if (scopes.length !== 1) throw aadsts.invalidScope(raw);
  const scope = scopes[0];
  if (!scope.endsWith('/.default')) throw aadsts.scopeNotDefault(scope);
  const resource = scope.slice(0, -'/.default'.length);
  if (graphResource(ctx, resource)) return;
  if (/^https?:\/\//i.test(resource) || isGuid(resource)) throw aadsts.resourceNotFound(resource, tenant.displayName);
  throw aadsts.invalidScope(scope);
}

/** Delegated scopes: `.default` means everything consented; named scopes must each be consented (else 65001). */
function delegatedScopes(ctx: SandboxContext, tenant: TenantState, app: AppRecord, raw: string | null): string[] {
  const requested: string[] = [];
  let wantsDefault = false;
  for (const scope of (raw ?? '').split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s))) {
    const slash = scope.lastIndexOf('/');
    const name = slash >= 0 ? scope.slice(slash + 1) : scope;
    if (slash >= 0 && !graphResource(ctx, scope.slice(0, slash))) throw aadsts.resourceNotFound(scope.slice(0, slash), tenant.displayName);
    if (name === '.default') wantsDefault = true;
    else requested.push(name);
  }
  const consented = app.delegatedPermissions;
  if (consented.length === 0) throw aadsts.consentRequired(app.appId, app.displayName);
  const lower = new Set(consented.map((p) => p.toLowerCase()));
  if (requested.some((s) => !lower.has(s.toLowerCase()))) throw aadsts.consentRequired(app.appId, app.displayName);
  return wantsDefault || requested.length === 0 ? [...consented] : consented.filter((p) => requested.some((r) => r.toLowerCase() === p.toLowerCase()));
}

/** The sign-in log Graph's beta auditLogs/signIns serves (servicePrincipal events). */
function recordSignIn(tenant: TenantState, app: AppRecord, used: ClientCredentialUsed): void {
  tenant.signIns.push({
    id: randomUUID(), createdDateTime: new Date().toISOString(), appId: app.appId, appDisplayName: app.displayName, servicePrincipalId: app.servicePrincipalId,
    servicePrincipalCredentialKeyId: used.keyId, servicePrincipalCredentialThumbprint: used.thumbprint, clientCredentialType: used.viaCertificate ? 'certificate' : 'clientSecret',
  });
  if (tenant.signIns.length > 1_000) tenant.signIns.splice(0, tenant.signIns.length - 1_000);
}

function tokenEndpointsFor(ctx: SandboxContext, tenant: TenantState, segment: string): string[] {
  return [tenant.id, segment, ...tenant.domains.map((d) => d.name)].map((t) => `${ctx.baseUrl}/${t}/oauth2/v2.0/token`);
}

function grant(ctx: SandboxContext, segment: string, form: URLSearchParams): TokenResult {
  const tenant = resolveTenant(ctx, segment);
  const grantType = form.get('grant_type');
  if (!grantType) throw aadsts.missingParameter('grant_type');
  if (grantType !== 'client_credentials' && grantType !== 'password') throw aadsts.unsupportedGrant(grantType);
  const clientId = form.get('client_id');
  if (!clientId) throw aadsts.missingParameter('client_id');
  const app = tenant.apps.get(clientId.toLowerCase());
  if (!app) throw aadsts.appNotFound(clientId, tenant.displayName);
  if (app.disabled) throw aadsts.appDisabled(app.appId, app.displayName);

  if (grantType === 'client_credentials') {
    checkAppScope(ctx, tenant, form.get('scope'));
    const used = authenticateClient(app, form, tokenEndpointsFor(ctx, tenant, segment));
    recordSignIn(tenant, app, used);
    const { viaCertificate } = used;
    return {
      status: 200,
      clientId: app.appId,
      body: {
        token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS,
        access_token: issueAppToken(ctx, tenant, app, viaCertificate),
      },
    };
  }

  // Resource-owner password grant, for "Delegated" authKeys: a confidential client still authenticates itself.
  authenticateClient(app, form, tokenEndpointsFor(ctx, tenant, segment));
  const username = form.get('username');
  const password = form.get('password');
  if (!username) throw aadsts.missingParameter('username');
  if (!password) throw aadsts.missingParameter('password');
  const user = findUser(tenant, username);
  if (!user || user.password !== password) throw aadsts.badUserCredentials();
  if (!user.data.accountEnabled) throw aadsts.userDisabled();
  if (user.requiresMfa) throw aadsts.mfaRequired();
  const scp = delegatedScopes(ctx, tenant, app, form.get('scope'));
  const tokens = issueDelegatedTokens(ctx, tenant, app, user, scp);
  return {
    status: 200,
    clientId: app.appId,
    body: {
      token_type: 'Bearer',
      scope: [...scp, 'openid', 'profile'].join(' '),
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: tokens.accessToken,
      id_token: tokens.idToken,
      client_info: tokens.clientInfo,
    },
  };
}

/** POST /{tenant}/oauth2/v2.0/token */
export function handleTokenRequest(ctx: SandboxContext, segment: string, form: URLSearchParams): TokenResult | { error: AadstsError; clientId?: string } {
  try {
    return grant(ctx, segment, form);
  } catch (err) {
    if (err instanceof AadstsError) return { error: err, clientId: form.get('client_id') ?? undefined };
    throw err;
  }
}
