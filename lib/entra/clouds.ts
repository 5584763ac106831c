import 'server-only';
import type { CloudId } from '@/contracts/enums';
import { readSandboxConnection } from '@/lib/sandbox/connection';

export type { CloudId };

/** The Cloud field's choices, in the order the form offers them. */
export const CLOUD_OPTIONS: readonly { id: CloudId; label: string }[] = [
  { id: 'global', label: 'Global' },
  { id: 'usgov', label: 'US Government (GCC High)' },
  { id: 'dod', label: 'US Government (DoD)' },
  { id: 'china', label: 'China (21Vianet)' },
  { id: 'sandbox', label: 'Sandbox' },
  { id: 'custom', label: 'Custom' },
];

export function cloudLabel(id: CloudId): string {
  return CLOUD_OPTIONS.find((c) => c.id === id)?.label ?? id;
}

export type ResolvedCloud = {
  /** https://login host, no trailing slash. */
  authorityHost: string;
  /** Graph root, no trailing slash and no version: scope is `${graphRoot}/.default`. */
  graphRoot: string;
  /** Azure portal host for deep links. */
  portalHost: string;
  /** An extra CA to trust for this cloud only (the sandbox tenant's). */
  ca?: string;
  /** True for hosts MSAL does not know: it then needs knownAuthorities and authorityMetadata. */
  knownAuthority?: boolean;
};

// FACTS.md "Clouds" and "Azure portal deep links". GCC (not High) uses the Global endpoints.
const FIXED: Record<Exclude<CloudId, 'sandbox' | 'custom'>, ResolvedCloud> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphRoot: 'https://graph.microsoft.com', portalHost: 'https://portal.azure.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphRoot: 'https://graph.microsoft.us', portalHost: 'https://portal.azure.us' },
  dod: { authorityHost: 'https://login.microsoftonline.us', graphRoot: 'https://dod-graph.microsoft.us', portalHost: 'https://portal.azure.us' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphRoot: 'https://microsoftgraph.chinacloudapi.cn', portalHost: 'https://portal.azure.cn' },
};

/** A cloud that cannot be used right now, with a sentence that says why. */
export class CloudUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudUnavailableError';
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export type CloudKey = { cloud: CloudId; authorityHost?: string | null; graphEndpoint?: string | null };

/**
 * Where a key's tokens and Graph calls go. Accepts a cloud id or a key's cloud fields
 * (Custom needs its own hosts). Sandbox values come from the running sandbox tenant.
 */
export function resolveCloud(key: CloudId | CloudKey): ResolvedCloud {
  const k: CloudKey = typeof key === 'string' ? { cloud: key } : key;
  if (k.cloud === 'sandbox') {
    const sandbox = readSandboxConnection();
    if (!sandbox) throw new CloudUnavailableError('The sandbox tenant is not running on this portal (SANDBOX=off), so Sandbox keys cannot be reached.');
    return {
      authorityHost: trimSlash(sandbox.connection.authorityHost),
      graphRoot: trimSlash(sandbox.connection.graphEndpoint),
      portalHost: FIXED.global.portalHost,
      ca: sandbox.ca,
      knownAuthority: true,
    };
  }
  if (k.cloud === 'custom') {
    if (!k.authorityHost || !k.graphEndpoint) throw new CloudUnavailableError('A Custom cloud needs an Authority host and a Graph endpoint.');
    return { authorityHost: trimSlash(k.authorityHost), graphRoot: trimSlash(k.graphEndpoint), portalHost: FIXED.global.portalHost, knownAuthority: true };
  }
  return FIXED[k.cloud];
}

/** Same as resolveCloud, or null when the cloud cannot be used (for links shown in pages). */
export function tryResolveCloud(key: CloudId | CloudKey): ResolvedCloud | null {
  try {
    return resolveCloud(key);
  } catch (error) {
    if (error instanceof CloudUnavailableError) return null;
    throw error;
  }
}
