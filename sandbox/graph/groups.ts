import type { GroupRecord, TenantState } from '../state/types';
import { graphErrors } from './errors';
import { countCollection, listCollection, parseSelect, project, type CollectionOptions } from './odata';
import { requirePermission } from './permissions';
import { GROUP_PROPERTIES, USER_DEFAULT_SELECT, USER_PROPERTIES } from './schema';
import { json, noContent, type GraphResponse, type HandlerArgs } from './types';
import { handleUsers, requireUser } from './users';

const GROUP_DEFAULTS = Object.keys(GROUP_PROPERTIES);

function groupOptions(baseUrl: string, contextPath = 'groups'): CollectionOptions {
  return {
    baseUrl, entity: 'group', resource: 'Group', defs: GROUP_PROPERTIES, defaults: GROUP_DEFAULTS,
    filterable: new Set(['displayName', 'mail', 'mailNickname', 'id', 'securityEnabled', 'mailEnabled']), contextPath,
  };
}

function requireGroup(tenant: TenantState, id: string): GroupRecord {
  const group = tenant.groups.get(id.toLowerCase());
  if (!group) throw graphErrors.notFound(id);
  return group;
}

/** Adds "@odata.type" to each item of a directoryObject collection, as Graph does for members / memberOf. */
function typed(response: GraphResponse, type: string): GraphResponse {
  const body = response.body as { value: Record<string, unknown>[] };
  body.value = body.value.map((item) => ({ '@odata.type': type, ...item }));
  return response;
}

/** The object id from an "@odata.id" such as https://graph.microsoft.com/v1.0/directoryObjects/{id}. */
function referencedId(body: unknown): string {
  const ref = (body as Record<string, unknown> | null)?.['@odata.id'];
  if (typeof ref !== 'string' || !ref) throw graphErrors.badRequest("The request body must contain '@odata.id'.", 'BadRequest');
  const match = /\/(?:directoryObjects|users)\/([^/?#]+)\/?$/i.exec(ref) ?? /^([0-9a-f-]{36})$/i.exec(ref);
  if (!match) throw graphErrors.badRequest(`Invalid object identifier '${ref}'.`);
  return decodeURIComponent(match[1]);
}

function addMember(args: HandlerArgs, group: GroupRecord): GraphResponse {
  const userId = referencedId(args.req.body);
  const user = args.tenant.users.get(userId.toLowerCase());
  if (!user) throw graphErrors.notFound(userId);
  if (group.memberIds.includes(user.data.id)) {
    throw graphErrors.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
  }
  group.memberIds.push(user.data.id);
  return noContent();
}

/** /groups, /groups/{id}, /groups/{id}/members[/$ref], /groups/{id}/members/{userId}/$ref */
export function handleGroups(args: HandlerArgs): GraphResponse {
  const { ctx, caller, tenant, req, segments } = args;
  const [, groupId, nav, memberId, ref] = segments;
  const all = () => [...tenant.groups.values()].map((g) => g.data);

  if (!groupId) {
    if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
    requirePermission(caller, 'groups.read');
    return listCollection(req, all(), groupOptions(ctx.baseUrl));
  }
  if (groupId === '$count') {
    requirePermission(caller, 'groups.read');
    return countCollection(req, all(), groupOptions(ctx.baseUrl));
  }
  if (!nav) {
    if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
    requirePermission(caller, 'groups.read');
    const group = requireGroup(tenant, groupId);
    const select = parseSelect(req, GROUP_PROPERTIES, 'group', GROUP_DEFAULTS);
    return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#groups/$entity`, ...project(group.data, select) });
  }
  if (nav !== 'members') throw graphErrors.unknownSegment(nav);

  if (!memberId) {
    if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
    requirePermission(caller, 'groups.read');
    const group = requireGroup(tenant, groupId);
    const members = group.memberIds.map((id) => tenant.users.get(id)?.data).filter((u) => u !== undefined);
    return typed(listCollection(req, members, {
      baseUrl: ctx.baseUrl, entity: 'user', resource: 'User', defs: USER_PROPERTIES, defaults: USER_DEFAULT_SELECT,
      filterable: new Set(['displayName', 'userPrincipalName', 'mail', 'id']), contextPath: 'directoryObjects',
    }), '#microsoft.graph.user');
  }
  if (memberId === '$ref') {
    if (req.method !== 'POST') throw graphErrors.methodNotAllowed();
    requirePermission(caller, 'groups.writeMembers');
    return addMember(args, requireGroup(tenant, groupId));
  }
  if (ref === '$ref') {
    if (req.method !== 'DELETE') throw graphErrors.methodNotAllowed();
    requirePermission(caller, 'groups.writeMembers');
    const group = requireGroup(tenant, groupId);
    const user = tenant.users.get(memberId.toLowerCase());
    if (!user || !group.memberIds.includes(user.data.id)) throw graphErrors.notFound(memberId);
    group.memberIds = group.memberIds.filter((id) => id !== user.data.id);
    return noContent();
  }
  if (!ref && req.method === 'DELETE') {
    // Without /$ref, Graph addresses the member object itself: DELETE removes the user from the directory.
    return handleUsers({ ...args, segments: ['users', memberId] });
  }
  throw graphErrors.methodNotAllowed();
}

/** GET /users/{id}/memberOf */
export function handleMemberOf(args: HandlerArgs): GraphResponse {
  const { ctx, caller, tenant, req, segments } = args;
  if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
  requirePermission(caller, 'users.memberOf');
  const user = requireUser(tenant, segments[1]);
  const groups = [...tenant.groups.values()].filter((g) => g.memberIds.includes(user.data.id)).map((g) => g.data);
  return typed(listCollection(req, groups, groupOptions(ctx.baseUrl, 'directoryObjects')), '#microsoft.graph.group');
}
