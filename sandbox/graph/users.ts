import { randomUUID } from 'node:crypto';
import { findUser, isVerifiedDomain } from '../state/store';
import type { TenantState, UserRecord } from '../state/types';
import { GraphError, graphErrors } from './errors';
import { countCollection, listCollection, parseSelect, project, type CollectionOptions } from './odata';
import { requirePermission } from './permissions';
import { checkValue, USER_DEFAULT_SELECT, USER_PROPERTIES, USER_REQUIRED_ON_CREATE } from './schema';
import { json, noContent, type GraphResponse, type HandlerArgs } from './types';

const FILTERABLE = new Set(['userPrincipalName', 'mail', 'displayName', 'accountEnabled', 'id', 'givenName', 'surname', 'mailNickname']);

function collectionOptions(baseUrl: string): CollectionOptions {
  return {
    baseUrl, entity: 'user', resource: 'User', defs: USER_PROPERTIES, defaults: USER_DEFAULT_SELECT,
    filterable: FILTERABLE, contextPath: 'users',
  };
}

export function requireUser(tenant: TenantState, idOrUpn: string): UserRecord {
  const user = findUser(tenant, idOrUpn);
  if (!user) throw graphErrors.notFound(idOrUpn);
  return user;
}

function invalidValue(property: string): GraphError {
  return graphErrors.badRequest(`Invalid value specified for property '${property}' of resource 'User'.`);
}

/** Rejects unknown, read-only and mistyped properties, as Graph does before anything is written. */
function checkUserBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw graphErrors.badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  const input = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith('@odata.')) continue;
    const def = USER_PROPERTIES[key];
    if (!def) throw graphErrors.badRequest(`Property '${key}' does not exist as a declared property or extension property.`);
    if (!def.writable) throw graphErrors.badRequest(`Property '${key}' is read-only and cannot be set.`);
    const problem = checkValue(def.type, value);
    if (problem) throw graphErrors.badRequest(problem, 'BadRequest');
  }
  return input;
}

/** Entra's default policy: at least 8 characters from three of the four character classes. */
function checkPassword(profile: unknown): string {
  const password = (profile as { password?: unknown } | null)?.password;
  if (typeof password !== 'string' || password === '') throw invalidValue('passwordProfile');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8 || password.length > 256 || classes < 3) {
    throw graphErrors.badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
  return password;
}

function checkUpn(tenant: TenantState, upn: string, self?: UserRecord): void {
  const at = upn.lastIndexOf('@');
  if (at <= 0 || !isVerifiedDomain(tenant, upn.slice(at + 1))) {
    throw new GraphError(400, 'Request_BadRequest',
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
      [{ target: 'userPrincipalName', code: 'InvalidValue' }]);
  }
  const existing = findUser(tenant, upn);
  if (existing && existing !== self) {
    throw new GraphError(400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.',
      [{ target: 'userPrincipalName', code: 'ObjectConflict' }]);
  }
}

function profileFlags(profile: Record<string, unknown>) {
  return {
    forceChangePasswordNextSignIn: profile.forceChangePasswordNextSignIn ?? true,
    forceChangePasswordNextSignInWithMfa: profile.forceChangePasswordNextSignInWithMfa ?? false,
    password: null, // never kept in data: Graph never returns it
  };
}

function createUser({ ctx, caller, tenant, req }: HandlerArgs): GraphResponse {
  requirePermission(caller, 'users.create');
  const input = checkUserBody(req.body);
  for (const property of USER_REQUIRED_ON_CREATE) {
    if (input[property] === undefined || input[property] === null || input[property] === '') throw invalidValue(property);
  }
  const password = checkPassword(input.passwordProfile);
  checkUpn(tenant, input.userPrincipalName as string);
  const now = new Date().toISOString();
  const { passwordProfile, ...props } = input;
  const user: UserRecord = {
    data: {
      businessPhones: [], givenName: null, jobTitle: null, mail: null, mobilePhone: null, officeLocation: null,
      preferredLanguage: null, surname: null, usageLocation: null, userType: 'Member',
      ...props,
      id: randomUUID(),
      createdDateTime: now,
      lastPasswordChangeDateTime: now,
      assignedLicenses: [],
      passwordProfile: profileFlags(passwordProfile as Record<string, unknown>),
    } as unknown as UserRecord['data'],
    password,
    requiresMfa: false,
  };
  tenant.users.set(user.data.id, user);
  const body = { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users/$entity`, ...project(user.data, USER_DEFAULT_SELECT) };
  return json(201, body, { Location: `${ctx.baseUrl}/v1.0/users/${user.data.id}` });
}

function updateUser({ caller, tenant, req }: HandlerArgs, user: UserRecord): GraphResponse {
  const input = checkUserBody(req.body);
  const keys = Object.keys(input).filter((k) => !k.startsWith('@odata.'));
  // accountEnabled and passwordProfile each need their own permission; the rest need User.ReadWrite.All.
  if (keys.includes('accountEnabled')) requirePermission(caller, 'users.enableDisable');
  if (keys.includes('passwordProfile')) requirePermission(caller, 'users.resetPassword');
  if (keys.some((k) => k !== 'accountEnabled' && k !== 'passwordProfile')) requirePermission(caller, 'users.update');
  for (const property of ['accountEnabled', 'displayName', 'userPrincipalName', 'mailNickname']) {
    if (property in input && (input[property] === null || input[property] === '')) throw invalidValue(property);
  }
  const password = 'passwordProfile' in input ? checkPassword(input.passwordProfile) : undefined;
  if (typeof input.userPrincipalName === 'string') checkUpn(tenant, input.userPrincipalName, user);
  const { passwordProfile, ...props } = input;
  Object.assign(user.data, props);
  if (password !== undefined) {
    user.password = password;
    user.data.lastPasswordChangeDateTime = new Date().toISOString();
    user.data.passwordProfile = profileFlags(passwordProfile as Record<string, unknown>);
  }
  return noContent();
}

function getUser({ ctx, req }: HandlerArgs, user: UserRecord): GraphResponse {
  const select = parseSelect(req, USER_PROPERTIES, 'user', USER_DEFAULT_SELECT);
  return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users/$entity`, ...project(user.data, select) });
}

/** /users, /users/$count, /users/{id | userPrincipalName}, and /me. Sub-resources are routed elsewhere. */
export function handleUsers(args: HandlerArgs): GraphResponse {
  const { ctx, caller, tenant, req, segments } = args;
  const users = () => [...tenant.users.values()].map((u) => u.data);
  if (segments[0] === 'me') {
    if (!caller.delegated) throw graphErrors.badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
    requirePermission(caller, 'me.read');
    if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
    return getUser(args, requireUser(tenant, caller.oid));
  }
  if (segments.length === 1) {
    if (req.method === 'GET') {
      requirePermission(caller, 'users.read');
      return listCollection(req, users(), collectionOptions(ctx.baseUrl));
    }
    if (req.method === 'POST') return createUser(args);
    throw graphErrors.methodNotAllowed();
  }
  if (segments[1] === '$count') {
    requirePermission(caller, 'users.read');
    return countCollection(req, users(), collectionOptions(ctx.baseUrl));
  }
  switch (req.method) {
    case 'GET':
      requirePermission(caller, 'users.read');
      return getUser(args, requireUser(tenant, segments[1]));
    case 'PATCH':
      return updateUser(args, requireUser(tenant, segments[1]));
    case 'DELETE': {
      requirePermission(caller, 'users.delete');
      const user = requireUser(tenant, segments[1]);
      tenant.users.delete(user.data.id);
      for (const group of tenant.groups.values()) group.memberIds = group.memberIds.filter((id) => id !== user.data.id);
      return noContent();
    }
    default:
      throw graphErrors.methodNotAllowed();
  }
}
