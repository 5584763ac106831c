import { randomBytes } from 'node:crypto';
import { GRAPH_APP_ID, type SandboxContext } from '../context';
import type { AppRecord, TenantState, UserRecord } from '../state/types';
import { b64url, decodeJwt, signJwt, verifySignature } from './jwt';

export const TOKEN_LIFETIME_SECONDS = 3599;

export function issuer(ctx: SandboxContext, tenantId: string): string {
  return `${ctx.baseUrl}/${tenantId}/v2.0`;
}

function baseClaims(ctx: SandboxContext, tenant: TenantState, app: AppRecord) {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: ctx.baseUrl,
    iss: issuer(ctx, tenant.id),
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
    app_displayname: app.displayName,
    appid: app.appId,
    azp: app.appId,
    tid: tenant.id,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
  };
}

/** Client-credentials token: `roles` carries the granted application permissions only, and is absent when none are. */
export function issueAppToken(ctx: SandboxContext, tenant: TenantState, app: AppRecord, viaCertificate: boolean): string {
  const claims: Record<string, unknown> = {
    ...baseClaims(ctx, tenant, app),
    appidacr: viaCertificate ? '2' : '1',
    azpacr: viaCertificate ? '2' : '1',
    idp: issuer(ctx, tenant.id),
    idtyp: 'app',
    oid: app.servicePrincipalId,
    sub: app.servicePrincipalId,
  };
  if (app.grantedPermissions.length > 0) claims.roles = [...app.grantedPermissions];
  return signJwt(claims, ctx.keys.get(tenant.id));
}

/** Password-grant tokens: a delegated access token (`scp`), plus the id_token and client_info MSAL builds its account from. */
export function issueDelegatedTokens(ctx: SandboxContext, tenant: TenantState, app: AppRecord, user: UserRecord, scopes: string[]) {
  const key = ctx.keys.get(tenant.id);
  const base = baseClaims(ctx, tenant, app);
  const who = {
    name: user.data.displayName,
    given_name: user.data.givenName,
    family_name: user.data.surname,
    oid: user.data.id,
    sub: user.data.id,
  };
  const accessToken = signJwt({
    ...base, ...who, acr: '1', amr: ['pwd'], appidacr: '1', azpacr: '1', idtyp: 'user',
    scp: scopes.join(' '), upn: user.data.userPrincipalName, unique_name: user.data.userPrincipalName,
  }, key);
  const idToken = signJwt({
    aud: app.appId, iss: base.iss, iat: base.iat, nbf: base.nbf, exp: base.exp, tid: tenant.id, ver: '2.0',
    name: who.name, oid: who.oid, sub: who.sub, preferred_username: user.data.userPrincipalName,
  }, key);
  const clientInfo = b64url(JSON.stringify({ uid: user.data.id, utid: tenant.id }));
  return { accessToken, idToken, clientInfo };
}

export interface GraphCaller {
  tenantId: string;
  appId: string;
  /** Service principal id (app tokens) or user id (delegated tokens). */
  oid: string;
  delegated: boolean;
  /** `roles` for app tokens, `scp` for delegated ones. */
  permissions: Set<string>;
}

/** Validates a bearer token the way Graph does; returns the caller or a reason for 401. */
export function verifyGraphToken(ctx: SandboxContext, token: string): GraphCaller | { error: string } {
  if (!token) return { error: 'Access token is empty.' };
  const jwt = decodeJwt(token);
  if (!jwt) return { error: 'IDX14100: JWT is not well formed, there are no dots (.).' };
  const signer = typeof jwt.header.kid === 'string' ? ctx.keys.byKid(jwt.header.kid) : undefined;
  if (!signer || jwt.header.alg !== 'RS256' || !verifySignature(jwt, signer.key.publicKey)) {
    return { error: 'Access token validation failure. Invalid signature.' };
  }
  const c = jwt.payload;
  if (c.tid !== signer.tenantId || c.iss !== issuer(ctx, signer.tenantId)) return { error: 'Access token validation failure. Invalid issuer.' };
  if (c.aud !== ctx.baseUrl && c.aud !== GRAPH_APP_ID) return { error: 'Access token validation failure. Invalid audience.' };
  const now = Date.now() / 1000;
  if (typeof c.exp !== 'number' || c.exp <= now) return { error: 'Lifetime validation failed, the token is expired.' };
  if (typeof c.nbf === 'number' && c.nbf > now + 300) return { error: 'Lifetime validation failed, the token is not yet valid.' };
  const delegated = typeof c.scp === 'string';
  const permissions = delegated
    ? new Set((c.scp as string).split(' ').filter(Boolean))
    : new Set(Array.isArray(c.roles) ? (c.roles as string[]) : []);
  return { tenantId: signer.tenantId, appId: String(c.appid), oid: String(c.oid), delegated, permissions };
}
