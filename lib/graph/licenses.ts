import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, type GraphResult } from './operations/call';

export type Sku = { skuId: string; skuPartNumber: string; enabled: number; consumed: number; free: number };

type SubscribedSku = { skuId: string; skuPartNumber: string; consumedUnits: number; prepaidUnits: { enabled: number } };

/** The tenant's licenses with free seats (prepaidUnits.enabled minus consumedUnits). */
export async function listSkus(client: Client): Promise<GraphResult<Sku[]>> {
  const r = await graphSend<{ value: SubscribedSku[] }>(client, 'GET', '/subscribedSkus');
  if (!r.ok) return r;
  const skus = r.data.value.map((s) => ({
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber,
    enabled: s.prepaidUnits.enabled,
    consumed: s.consumedUnits,
    free: Math.max(0, s.prepaidUnits.enabled - s.consumedUnits),
  }));
  return { ...r, data: skus.sort((a, b) => a.skuPartNumber.localeCompare(b.skuPartNumber)) };
}

export function assignLicenseBody(add: string[], remove: string[]) {
  return { addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: remove };
}

export function changeLicenses(client: Client, userId: string, add: string[], remove: string[]) {
  return graphSend<unknown>(client, 'POST', `/users/${encodeURIComponent(userId)}/assignLicense`, assignLicenseBody(add, remove));
}
