import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';

let sbx: TestSandbox;
let token: string;
beforeAll(async () => {
  sbx = await startTestSandbox();
  token = await sbx.appToken('Pliant Automation');
});
afterAll(async () => { await sbx?.close(); });

const domain = 'contoso-sandbox.onmicrosoft.com';
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const userId = async (upn: string) => (await sbx.graph(token, 'GET', `/users/${upn}?$select=id`)).json.id as string;

describe('groups', () => {
  it('lists the six seeded groups and gets one by id', async () => {
    const list = await sbx.graph(token, 'GET', '/groups');
    expect(list.status).toBe(200);
    expect(list.json.value.map((g: { displayName: string }) => g.displayName)).toEqual(
      ['All Staff', 'Sales', 'Marketing', 'Engineering', 'Finance', 'Pliant Licensed Users'],
    );
    const sales = list.json.value[1];
    const one = await sbx.graph(token, 'GET', `/groups/${sales.id}?$select=displayName,securityEnabled`);
    expect(one.json).toMatchObject({ displayName: 'Sales', securityEnabled: true });
    expect((await sbx.graph(token, 'GET', '/groups/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lists members as typed directory objects, with paging', async () => {
    const all = (await sbx.graph(token, 'GET', '/groups')).json.value[0];
    const page = await sbx.graph(token, 'GET', `/groups/${all.id}/members?$top=10&$select=id,userPrincipalName`);
    expect(page.status).toBe(200);
    expect(page.json.value).toHaveLength(10);
    expect(page.json.value[0]['@odata.type']).toBe('#microsoft.graph.user');
    expect(page.json['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('adds a member by $ref (204), 400 when already a member, 404 for no such object; removes by $ref', async () => {
    const group = (await sbx.graph(token, 'GET', '/groups')).json.value[5]; // Pliant Licensed Users, empty
    const megan = await userId(`megan.bowen@${domain}`);
    expect((await sbx.graph(token, 'POST', `/groups/${group.id}/members/$ref`, ref(megan))).status).toBe(204);
    const again = await sbx.graph(token, 'POST', `/groups/${group.id}/members/$ref`, ref(megan));
    expect(again.status).toBe(400);
    expect(again.json.error.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");
    const missing = await sbx.graph(token, 'POST', `/groups/${group.id}/members/$ref`, ref('11111111-1111-4111-8111-111111111111'));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Request_ResourceNotFound');
    const members = await sbx.graph(token, 'GET', `/groups/${group.id}/members?$select=id`);
    expect(members.json.value.map((m: { id: string }) => m.id)).toEqual([megan]);
    const memberOf = await sbx.graph(token, 'GET', `/users/${megan}/memberOf?$select=displayName`);
    expect(memberOf.json.value.map((g: { displayName: string }) => g.displayName)).toContain('Pliant Licensed Users');

    expect((await sbx.graph(token, 'DELETE', `/groups/${group.id}/members/${megan}/$ref`)).status).toBe(204);
    expect((await sbx.graph(token, 'DELETE', `/groups/${group.id}/members/${megan}/$ref`)).status).toBe(404);
    expect((await sbx.graph(token, 'GET', `/groups/${group.id}/members`)).json.value).toEqual([]);
  });
});

describe('licenses', () => {
  const sku = async (part: string) => (await sbx.graph(token, 'GET', '/subscribedSkus')).json.value.find((s: { skuPartNumber: string }) => s.skuPartNumber === part);

  it('lists two SKUs with prepaid and consumed units and a few free seats', async () => {
    const res = await sbx.graph(token, 'GET', '/subscribedSkus');
    expect(res.status).toBe(200);
    expect(res.json.value.map((s: { skuPartNumber: string }) => s.skuPartNumber)).toEqual(['ENTERPRISEPACK', 'EXCHANGESTANDARD']);
    for (const s of res.json.value) {
      const free = s.prepaidUnits.enabled - s.consumedUnits;
      expect(free).toBeGreaterThan(0);
      expect(free).toBeLessThan(5);
    }
  });

  it('assigns a license, counts the seat, shows it in licenseDetails, and removes it', async () => {
    const e3 = await sku('ENTERPRISEPACK');
    const user = await userId(`oscar.reyes@${domain}`); // has a usage location, no license
    const teams = e3.servicePlans.find((p: { servicePlanName: string }) => p.servicePlanName === 'TEAMS1').servicePlanId;
    const res = await sbx.graph(token, 'POST', `/users/${user}/assignLicense`, { addLicenses: [{ skuId: e3.skuId, disabledPlans: [teams] }], removeLicenses: [] });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(user);
    expect((await sku('ENTERPRISEPACK')).consumedUnits).toBe(e3.consumedUnits + 1);
    const details = await sbx.graph(token, 'GET', `/users/${user}/licenseDetails`);
    expect(details.json.value).toHaveLength(1);
    expect(details.json.value[0].servicePlans.find((p: { servicePlanId: string }) => p.servicePlanId === teams).provisioningStatus).toBe('Disabled');
    const assigned = await sbx.graph(token, 'GET', `/users/${user}?$select=assignedLicenses`);
    expect(assigned.json.assignedLicenses).toEqual([{ skuId: e3.skuId, disabledPlans: [teams] }]);

    expect((await sbx.graph(token, 'POST', `/users/${user}/assignLicense`, { addLicenses: [], removeLicenses: [e3.skuId] })).status).toBe(200);
    expect((await sku('ENTERPRISEPACK')).consumedUnits).toBe(e3.consumedUnits);
  });

  it('400 without a usage location, when no seats are left, for an unknown SKU and for a missing parameter', async () => {
    const e3 = await sku('ENTERPRISEPACK');
    const noLocation = await userId(`tara.walsh@${domain}`);
    const body = { addLicenses: [{ skuId: e3.skuId, disabledPlans: [] }], removeLicenses: [] };
    const res = await sbx.graph(token, 'POST', `/users/${noLocation}/assignLicense`, body);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('License assignment cannot be done for user with invalid usage location.');

    // Fill the remaining seats, then one more must fail.
    const free = e3.prepaidUnits.enabled - e3.consumedUnits;
    const candidates = (await sbx.graph(token, 'GET', '/users?$select=id,usageLocation,assignedLicenses&$top=999')).json.value
      .filter((u: { usageLocation: string | null; assignedLicenses: unknown[] }) => u.usageLocation && u.assignedLicenses.length === 0);
    expect(candidates.length).toBeGreaterThan(free);
    for (const u of candidates.slice(0, free)) {
      expect((await sbx.graph(token, 'POST', `/users/${u.id}/assignLicense`, body)).status).toBe(200);
    }
    const full = await sbx.graph(token, 'POST', `/users/${candidates[free].id}/assignLicense`, body);
    expect(full.status).toBe(400);
    expect(full.json.error.message).toContain('does not have any available licenses');
    expect((await sku('ENTERPRISEPACK')).consumedUnits).toBe(e3.prepaidUnits.enabled);

    const unknownSku = await sbx.graph(token, 'POST', `/users/${candidates[free].id}/assignLicense`, { addLicenses: [{ skuId: '12345678-1234-4234-8234-123456789012', disabledPlans: [] }], removeLicenses: [] });
    expect(unknownSku.status).toBe(400);
    const missingParam = await sbx.graph(token, 'POST', `/users/${candidates[free].id}/assignLicense`, { addLicenses: [] });
    expect(missingParam.status).toBe(400);
    expect(missingParam.json.error.message).toContain('removeLicenses');
  });
});

describe('organization', () => {
  it('returns the tenant with its verified domains', async () => {
    const res = await sbx.graph(token, 'GET', '/organization');
    expect(res.status).toBe(200);
    const [org] = res.json.value;
    expect(org.id).toBe(sbx.contoso.id);
    expect(org.verifiedDomains.map((d: { name: string }) => d.name).sort()).toEqual([...sbx.contoso.domains].sort());
    expect(org.verifiedDomains.filter((d: { isInitial: boolean }) => d.isInitial)).toHaveLength(1);
  });

  it('shows each tenant only its own directory', async () => {
    const fabrikam = await sbx.appToken('Fabrikam Reporting', sbx.fabrikam);
    const org = await sbx.graph(fabrikam, 'GET', '/organization');
    expect(org.json.value[0].id).toBe(sbx.fabrikam.id);
    const users = await sbx.graph(fabrikam, 'GET', '/users?$select=userPrincipalName');
    expect(users.json.value.length).toBe(8);
    expect(users.json.value.every((u: { userPrincipalName: string }) => u.userPrincipalName.endsWith('@fabrikam-sandbox.onmicrosoft.com'))).toBe(true);
  });
});
