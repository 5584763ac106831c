import 'server-only';
import { addMember, removeMember } from '@/lib/graph/groups';
import { changeLicenses, listSkus } from '@/lib/graph/licenses';
import { getUser } from '@/lib/graph/users';
import { withKey, type Outcome } from '@/lib/server/provisioning';

type Ref = { keyId: string; userId: string };

export function addUserToGroup(input: Ref & { groupId: string }): Promise<Outcome<undefined>> {
  return withKey(input.keyId, 'groups.membership', { action: 'group.add_member', targetId: input.userId, detail: { groupId: input.groupId } }, ({ client, graphRoot }) =>
    addMember(client, graphRoot, input.groupId, input.userId),
  );
}

export function removeUserFromGroup(input: Ref & { groupId: string }): Promise<Outcome<undefined>> {
  return withKey(input.keyId, 'groups.membership', { action: 'group.remove_member', targetId: input.userId, detail: { groupId: input.groupId } }, ({ client }) =>
    removeMember(client, input.groupId, input.userId),
  );
}

const refusal = (code: string, message: string) => ({ ok: false as const, status: 0, code, message, requestId: null, detailCodes: [] });

/**
 * Assigns a license after checking, before the call, what Graph would refuse: a user without a
 * usage location, and a license with no free seat.
 */
export function assignUserLicense(input: Ref & { skuId: string }): Promise<Outcome<unknown>> {
  return withKey(input.keyId, 'licenses.assign', { action: 'license.assign', targetId: input.userId, detail: { skuId: input.skuId } }, async ({ client }) => {
    const user = await getUser(client, input.userId, ['id', 'usageLocation', 'assignedLicenses']);
    if (!user.ok) return user;
    if (!user.data.usageLocation) return refusal('usage_location_missing', 'License assignment cannot be done for user with invalid usage location.');
    const held = (user.data.assignedLicenses ?? []).some((l) => l.skuId.toLowerCase() === input.skuId.toLowerCase());
    if (!held) {
      const skus = await listSkus(client);
      if (!skus.ok) return skus;
      const sku = skus.data.find((s) => s.skuId.toLowerCase() === input.skuId.toLowerCase());
      if (!sku) return refusal('sku_unknown', 'This license is not one of the organization’s subscriptions.');
      if (sku.free <= 0) return refusal('no_free_seats', `Subscription with SKU ${sku.skuPartNumber} does not have any available licenses.`);
    }
    return changeLicenses(client, input.userId, [input.skuId], []);
  });
}

export function removeUserLicense(input: Ref & { skuId: string }): Promise<Outcome<unknown>> {
  return withKey(input.keyId, 'licenses.assign', { action: 'license.remove', targetId: input.userId, detail: { skuId: input.skuId } }, ({ client }) =>
    changeLicenses(client, input.userId, [], [input.skuId]),
  );
}
