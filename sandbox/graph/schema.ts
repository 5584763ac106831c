// The sandbox's own property definitions, with Graph v1.0 CSDL type names. They ship with
// the product (the CSDL slice in ../shared is only a reference for a test that checks these
// against Microsoft's metadata). `writable` marks what POST/PATCH accept; everything listed
// may be requested with $select.

export interface PropertyDef {
  type: string;
  writable: boolean;
}

type Defs = Record<string, PropertyDef>;

const ro = (type: string): PropertyDef => ({ type, writable: false });
const rw = (type: string): PropertyDef => ({ type, writable: true });

export const USER_PROPERTIES: Defs = {
  id: ro('Edm.String'),
  accountEnabled: rw('Edm.Boolean'),
  ageGroup: rw('Edm.String'),
  assignedLicenses: ro('Collection(graph.assignedLicense)'),
  businessPhones: rw('Collection(Edm.String)'),
  city: rw('Edm.String'),
  companyName: rw('Edm.String'),
  country: rw('Edm.String'),
  createdDateTime: ro('Edm.DateTimeOffset'),
  department: rw('Edm.String'),
  displayName: rw('Edm.String'),
  employeeId: rw('Edm.String'),
  employeeType: rw('Edm.String'),
  faxNumber: rw('Edm.String'),
  givenName: rw('Edm.String'),
  jobTitle: rw('Edm.String'),
  lastPasswordChangeDateTime: ro('Edm.DateTimeOffset'),
  mail: rw('Edm.String'),
  mailNickname: rw('Edm.String'),
  mobilePhone: rw('Edm.String'),
  officeLocation: rw('Edm.String'),
  otherMails: rw('Collection(Edm.String)'),
  passwordPolicies: rw('Edm.String'),
  // Write-only in practice: Graph never returns the password, and neither do we.
  passwordProfile: rw('graph.passwordProfile'),
  postalCode: rw('Edm.String'),
  preferredLanguage: rw('Edm.String'),
  state: rw('Edm.String'),
  streetAddress: rw('Edm.String'),
  surname: rw('Edm.String'),
  usageLocation: rw('Edm.String'),
  userPrincipalName: rw('Edm.String'),
  userType: rw('Edm.String'),
};

/** What GET /users returns without $select (Graph's documented default set). */
export const USER_DEFAULT_SELECT = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone',
  'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
];

export const USER_REQUIRED_ON_CREATE = ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'];

export const GROUP_PROPERTIES: Defs = {
  id: ro('Edm.String'),
  createdDateTime: ro('Edm.DateTimeOffset'),
  description: ro('Edm.String'),
  displayName: ro('Edm.String'),
  groupTypes: ro('Collection(Edm.String)'),
  mail: ro('Edm.String'),
  mailEnabled: ro('Edm.Boolean'),
  mailNickname: ro('Edm.String'),
  securityEnabled: ro('Edm.Boolean'),
  visibility: ro('Edm.String'),
};

export const APPLICATION_PROPERTIES: Defs = {
  id: ro('Edm.String'),
  appId: ro('Edm.String'),
  createdDateTime: ro('Edm.DateTimeOffset'),
  description: rw('Edm.String'),
  displayName: rw('Edm.String'),
  keyCredentials: rw('Collection(graph.keyCredential)'),
  notes: rw('Edm.String'),
  passwordCredentials: ro('Collection(graph.passwordCredential)'),
  publisherDomain: ro('Edm.String'),
  requiredResourceAccess: ro('Collection(graph.requiredResourceAccess)'),
  signInAudience: ro('Edm.String'),
};

/** Complex types the sandbox reads or writes, keyed by their CSDL name. */
export const COMPLEX_TYPES: Record<string, Defs> = {
  'graph.passwordProfile': {
    forceChangePasswordNextSignIn: rw('Edm.Boolean'),
    forceChangePasswordNextSignInWithMfa: rw('Edm.Boolean'),
    password: rw('Edm.String'),
  },
  'graph.assignedLicense': { disabledPlans: rw('Collection(Edm.Guid)'), skuId: rw('Edm.Guid') },
  'graph.passwordCredential': {
    displayName: rw('Edm.String'),
    endDateTime: rw('Edm.DateTimeOffset'),
    hint: ro('Edm.String'),
    keyId: ro('Edm.Guid'),
    secretText: ro('Edm.String'),
    startDateTime: rw('Edm.DateTimeOffset'),
  },
  'graph.keyCredential': {
    customKeyIdentifier: ro('Edm.Binary'),
    displayName: rw('Edm.String'),
    endDateTime: ro('Edm.DateTimeOffset'),
    key: rw('Edm.Binary'),
    keyId: ro('Edm.Guid'),
    startDateTime: ro('Edm.DateTimeOffset'),
    type: rw('Edm.String'),
    usage: rw('Edm.String'),
  },
};

export const ENTITY_DEFINITIONS = {
  'microsoft.graph.user': USER_PROPERTIES,
  'microsoft.graph.group': GROUP_PROPERTIES,
  'microsoft.graph.application': APPLICATION_PROPERTIES,
} as const;

/** Checks a JSON value against an Edm / complex type; returns an error message or null. */
export function checkValue(type: string, value: unknown): string | null {
  if (value === null) return null;
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection) {
    if (!Array.isArray(value)) return `A value of type '${type}' was expected, but an object or primitive was found.`;
    for (const item of value) {
      const problem = checkValue(collection[1], item);
      if (problem) return problem;
    }
    return null;
  }
  const literal = JSON.stringify(value);
  switch (type) {
    case 'Edm.String':
    case 'Edm.Binary':
      return typeof value === 'string' ? null : `Cannot convert the literal '${literal}' to the expected type '${type}'.`;
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? null : `Cannot convert the literal '${literal}' to the expected type 'Edm.Boolean'.`;
    case 'Edm.Guid':
      return typeof value === 'string' && /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(value)
        ? null : `Cannot convert the literal '${literal}' to the expected type 'Edm.Guid'.`;
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null : `Cannot convert the literal '${literal}' to the expected type 'Edm.DateTimeOffset'.`;
  }
  const complex = COMPLEX_TYPES[type];
  if (!complex) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return `A value of type '${type}' was expected.`;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const def = complex[key];
    if (!def) return `Property '${key}' does not exist as a declared property or extension property.`;
    const problem = checkValue(def.type, inner);
    if (problem) return problem;
  }
  return null;
}
