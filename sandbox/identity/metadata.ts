import type { SandboxContext } from '../context';
import type { TenantState } from '../state/types';
import { publicJwk } from './jwt';
import { issuer } from './tokens';

/**
 * OpenID Connect metadata for one tenant. Its four core fields are also what MSAL needs in
 * `authorityMetadata` (with `knownAuthorities`) to skip discovery against the public cloud.
 */
export function openIdConfiguration(ctx: SandboxContext, tenant: TenantState): Record<string, unknown> {
  const base = `${ctx.baseUrl}/${tenant.id}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuer(ctx, tenant.id),
    request_uri_parameter_supported: false,
    // Present because MSAL requires it in authorityMetadata; the sandbox has no interactive sign-in.
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'tid', 'preferred_username'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'sandbox',
    msgraph_host: new URL(ctx.baseUrl).host,
  };
}

export function jwks(ctx: SandboxContext, tenant: TenantState): Record<string, unknown> {
  return { keys: [publicJwk(ctx.keys.get(tenant.id))] };
}
