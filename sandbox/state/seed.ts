import { seededGuid, seededPassword, seededSecret } from './ids';
import { CONTOSO_PEOPLE, FABRIKAM_PEOPLE, type Person } from './seed-people';
import type { AppRecord, GroupRecord, SkuRecord, TenantSize, TenantState, UserRecord, SignInUser } from './types';

const DAY_MS = 86_400_000;

// Real Microsoft SKU and service plan ids (these are the same in every tenant).
export const SKU_E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
export const SKU_EXCHANGE_P1 = '4b9405b0-7788-4568-add1-99614e613b69';
const SKUS: Record<string, Omit<SkuRecord, 'prepaidEnabled'>> = {
  [SKU_E3]: {
    skuId: SKU_E3,
    skuPartNumber: 'ENTERPRISEPACK',
    servicePlans: [
      { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
      { servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72', servicePlanName: 'SHAREPOINTENTERPRISE' },
      { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' },
    ],
  },
  [SKU_EXCHANGE_P1]: {
    skuId: SKU_EXCHANGE_P1,
    skuPartNumber: 'EXCHANGESTANDARD',
    servicePlans: [{ servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c', servicePlanName: 'EXCHANGE_S_STANDARD' }],
  },
};

const PLIANT_PERMISSIONS = [
  'User.ReadWrite.All', 'GroupMember.ReadWrite.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Application.Read.All',
];

interface SecretSpec { name: string; startDays: number; endDays: number }
interface AppSpec {
  displayName: string;
  granted: string[];
  requested?: string[];
  delegated?: string[];
  disabled?: boolean;
  ownsItself?: boolean;
  secrets: SecretSpec[];
}

function iso(start: Date, days: number): string {
  return new Date(start.getTime() + days * DAY_MS).toISOString();
}

function buildApp(tenantKey: string, spec: AppSpec, start: Date): AppRecord {
  const label = `${tenantKey}:app:${spec.displayName}`;
  const servicePrincipalId = seededGuid(`${label}:sp`);
  return {
    objectId: seededGuid(`${label}:object`),
    appId: seededGuid(`${label}:client`),
    servicePrincipalId,
    displayName: spec.displayName,
    description: null,
    notes: null,
    disabled: spec.disabled ?? false,
    createdDateTime: iso(start, -400),
    requestedPermissions: [...(spec.requested ?? spec.granted)],
    grantedPermissions: [...spec.granted],
    delegatedPermissions: [...(spec.delegated ?? [])],
    ownerIds: spec.ownsItself ? [servicePrincipalId] : [],
    passwordCredentials: spec.secrets.map((s) => {
      const value = seededSecret(`${label}:secret:${s.name}`);
      return {
        keyId: seededGuid(`${label}:secret:${s.name}`),
        displayName: s.name,
        value,
        hint: value.slice(0, 3),
        startDateTime: iso(start, s.startDays),
        endDateTime: iso(start, s.endDays),
      };
    }),
    keyCredentials: [],
  };
}

interface UserOptions { disabled?: Set<number>; mfa?: Set<number>; noUsageLocation?: Set<number>; licenses: Map<number, string> }

function buildUsers(tenantKey: string, people: Person[], domain: string, start: Date, opts: UserOptions): UserRecord[] {
  return people.map(([givenName, surname, department, jobTitle, city], i) => {
    const nick = `${givenName}.${surname}`.toLowerCase();
    const upn = `${nick}@${domain}`;
    const sku = opts.licenses.get(i);
    return {
      data: {
        id: seededGuid(`${tenantKey}:user:${nick}`),
        businessPhones: [`+1 555 01${String(i).padStart(2, '0')}`],
        displayName: `${givenName} ${surname}`,
        givenName,
        jobTitle,
        mail: upn,
        mobilePhone: null,
        officeLocation: `${city} office`,
        preferredLanguage: 'en-US',
        surname,
        userPrincipalName: upn,
        accountEnabled: !opts.disabled?.has(i),
        mailNickname: nick,
        department,
        city,
        country: null,
        companyName: tenantKey === 'contoso' ? 'Contoso' : 'Fabrikam',
        usageLocation: opts.noUsageLocation?.has(i) ? null : 'US',
        userType: 'Member',
        createdDateTime: iso(start, -(300 - i * 5)),
        lastPasswordChangeDateTime: iso(start, -(200 - i)),
        assignedLicenses: sku ? [{ skuId: sku, disabledPlans: [] }] : [],
      },
      password: seededPassword(`${tenantKey}:${nick}`),
      requiresMfa: opts.mfa?.has(i) ?? false,
    };
  });
}

function buildGroup(tenantKey: string, name: string, description: string, start: Date, memberIds: string[], unified = false): GroupRecord {
  const nick = name.replace(/[^A-Za-z0-9]/g, '');
  return {
    data: {
      id: seededGuid(`${tenantKey}:group:${name}`),
      createdDateTime: iso(start, -350),
      description,
      displayName: name,
      groupTypes: unified ? ['Unified'] : [],
      mail: unified ? `${nick.toLowerCase()}@${tenantKey}-sandbox.onmicrosoft.com` : null,
      mailEnabled: unified,
      mailNickname: nick,
      securityEnabled: !unified,
      visibility: unified ? 'Private' : null,
    },
    memberIds,
  };
}

function tenant(key: string, displayName: string, size: TenantSize, domains: string[], start: Date): TenantState {
  return {
    id: seededGuid(`tenant:${key}`),
    displayName,
    size,
    createdDateTime: iso(start, -500),
    domains: domains.map((name, i) => ({ name, isDefault: i === 0, isInitial: i === 0 })),
    users: new Map(),
    groups: new Map(),
    skus: [],
    apps: new Map(),
    signInUsers: [],
    appManagementPolicy: null,
    signIns: [],
  };
}

function contoso(start: Date): TenantState {
  const t = tenant('contoso', 'Contoso Sandbox', 'M', ['contoso-sandbox.onmicrosoft.com', 'contoso-sandbox.example'], start);
  // E3 for people 0..21 (22 of 25 seats), Exchange Plan 1 for 22..29 (8 of 10): a few free seats each.
  const licenses = new Map<number, string>();
  for (let i = 0; i < 22; i++) licenses.set(i, SKU_E3);
  for (let i = 22; i < 30; i++) licenses.set(i, SKU_EXCHANGE_P1);
  const users = buildUsers('contoso', CONTOSO_PEOPLE, 'contoso-sandbox.onmicrosoft.com', start, {
    disabled: new Set([1]), mfa: new Set([2]), noUsageLocation: new Set([37, 38, 39]), licenses,
  });
  for (const u of users) t.users.set(u.data.id, u);
  t.skus = [{ ...SKUS[SKU_E3], prepaidEnabled: 25 }, { ...SKUS[SKU_EXCHANGE_P1], prepaidEnabled: 10 }];

  const byDept = (...depts: string[]) => users.filter((u) => depts.includes(u.data.department as string)).map((u) => u.data.id);
  const groups = [
    buildGroup('contoso', 'All Staff', 'Everyone at Contoso', start, users.map((u) => u.data.id), true),
    buildGroup('contoso', 'Sales', 'Sales and retail', start, byDept('Sales', 'Retail')),
    buildGroup('contoso', 'Marketing', 'Marketing team', start, byDept('Marketing')),
    buildGroup('contoso', 'Engineering', 'Product engineering', start, byDept('Engineering')),
    buildGroup('contoso', 'Finance', 'Finance and payroll', start, byDept('Finance')),
    buildGroup('contoso', 'Pliant Licensed Users', 'Users provisioned by Pliant workflows', start, []),
  ];
  for (const g of groups) t.groups.set(g.data.id, g);

  const apps: AppSpec[] = [
    {
      displayName: 'Pliant Automation', granted: PLIANT_PERMISSIONS, delegated: ['User.Read', 'User.ReadBasic.All'],
      secrets: [{ name: 'Pliant production', startDays: -5, endDays: 180 }, { name: 'Pliant previous', startDays: -355, endDays: 10 }],
    },
    {
      displayName: 'Pliant (consent pending)', granted: [], requested: PLIANT_PERMISSIONS,
      secrets: [{ name: 'Pliant pending', startDays: -1, endDays: 365 }],
    },
    { displayName: 'Legacy Connector', granted: ['User.Read.All'], secrets: [{ name: 'Legacy', startDays: -735, endDays: -5 }] },
    { displayName: 'Disabled App', granted: ['User.Read.All'], disabled: true, secrets: [{ name: 'Disabled', startDays: -30, endDays: 335 }] },
    {
      displayName: 'Pliant Rotator', granted: ['Application.ReadWrite.OwnedBy', 'Application.Read.All'], ownsItself: true,
      secrets: [{ name: 'Rotator bootstrap', startDays: -60, endDays: 30 }],
    },
  ];
  for (const spec of apps) {
    const app = buildApp('contoso', spec, start);
    t.apps.set(app.appId, app);
  }
  const signIn = (i: number, note: string): SignInUser => ({
    userPrincipalName: users[i].data.userPrincipalName, password: users[i].password, note,
  });
  t.signInUsers = [
    signIn(0, 'for Delegated keys'),
    signIn(1, 'disabled account: AADSTS50057'),
    signIn(2, 'requires MFA: AADSTS50076'),
  ];
  return t;
}

function fabrikam(start: Date): TenantState {
  const t = tenant('fabrikam', 'Fabrikam Sandbox', 'S', ['fabrikam-sandbox.onmicrosoft.com'], start);
  const licenses = new Map<number, string>([[0, SKU_EXCHANGE_P1], [1, SKU_EXCHANGE_P1], [2, SKU_EXCHANGE_P1]]);
  const users = buildUsers('fabrikam', FABRIKAM_PEOPLE, 'fabrikam-sandbox.onmicrosoft.com', start, { licenses });
  for (const u of users) t.users.set(u.data.id, u);
  t.skus = [{ ...SKUS[SKU_EXCHANGE_P1], prepaidEnabled: 5 }];
  const all = buildGroup('fabrikam', 'Fabrikam Staff', 'Everyone at Fabrikam', start, users.map((u) => u.data.id));
  t.groups.set(all.data.id, all);
  const app = buildApp('fabrikam', {
    displayName: 'Fabrikam Reporting', granted: ['User.Read.All', 'Organization.Read.All'],
    secrets: [{ name: 'Reporting', startDays: -10, endDays: 90 }],
  }, start);
  t.apps.set(app.appId, app);
  return t;
}

/** The whole seeded directory; secret expiries are relative to `start` (the sandbox start time). */
export function buildSeed(start: Date): TenantState[] {
  return [contoso(start), fabrikam(start)];
}
