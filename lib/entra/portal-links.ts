// Pure: the wizard fills the links in the browser as IDs are typed (no server-only).
type ResolvedCloud = { portalHost: string; authorityHost: string };

// FACTS.md "Azure portal deep links": the same fragments Microsoft's own tools use.
const BLADES = {
  appRegistrations: '/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  newRegistration: '/#view/Microsoft_AAD_RegisteredApps/CreateApplicationBlade',
  overview: '/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/',
  apiPermissions: '/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/',
  credentials: '/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/',
} as const;

export type PortalLinks = {
  appRegistrations: string;
  newRegistration: string;
  /** Null until the Client ID is known. */
  overview: string | null;
  apiPermissions: string | null;
  credentials: string | null;
  /** Null until the Tenant ID and the Client ID are known. */
  adminConsent: string | null;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deep links into the Azure portal blades of the guide, filled in with the IDs once known. */
export function portalLinks(cloud: Pick<ResolvedCloud, 'portalHost' | 'authorityHost'>, ids: { tenantId?: string | null; clientId?: string | null } = {}): PortalLinks {
  const host = cloud.portalHost;
  const clientId = ids.clientId && GUID.test(ids.clientId) ? ids.clientId : null;
  const tenantId = ids.tenantId?.trim() || null;
  return {
    appRegistrations: host + BLADES.appRegistrations,
    newRegistration: host + BLADES.newRegistration,
    overview: clientId ? host + BLADES.overview + clientId : null,
    apiPermissions: clientId ? host + BLADES.apiPermissions + clientId : null,
    credentials: clientId ? host + BLADES.credentials + clientId : null,
    adminConsent: clientId && tenantId ? adminConsentUrl(cloud.authorityHost, tenantId, clientId) : null,
  };
}

/** FACTS.md: `https://{login host}/{tenant}/adminconsent?client_id={clientId}`. */
export function adminConsentUrl(authorityHost: string, tenantId: string, clientId: string): string {
  return `${authorityHost}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}
