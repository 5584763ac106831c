import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, type GraphResult } from './operations/call';
import type { DirectoryGroup } from './users';

/** Every group, for the group picker (a tenant's first 999 are plenty for a picker). */
export async function listGroups(client: Client): Promise<GraphResult<DirectoryGroup[]>> {
  const r = await graphSend<{ value: DirectoryGroup[] }>(client, 'GET', '/groups?$select=id,displayName,description&$top=999');
  if (!r.ok) return r;
  const groups = [...r.data.value].sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''));
  return { ...r, data: groups };
}

/** The reference body Graph expects for a new member. */
export function memberRef(graphRoot: string, userId: string) {
  return { '@odata.id': `${graphRoot}/v1.0/directoryObjects/${userId}` };
}

export function addMember(client: Client, graphRoot: string, groupId: string, userId: string) {
  return graphSend<undefined>(client, 'POST', `/groups/${encodeURIComponent(groupId)}/members/$ref`, memberRef(graphRoot, userId));
}

/** Always with /$ref: without it Graph deletes the user object itself (FACTS.md). */
export function removeMember(client: Client, groupId: string, userId: string) {
  return graphSend<undefined>(client, 'DELETE', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}/$ref`);
}
