import type { Role } from '@/contracts/enums';

export type NavItem = { href: string; label: string; roles: readonly Role[] };

const everyone = ['admin', 'operator', 'auditor'] as const;

// One list for the sidebar: an entry is added here when its page exists.
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Dashboard', roles: everyone },
  { href: '/keys', label: 'authKeys', roles: everyone },
  { href: '/provisioning', label: 'Provisioning', roles: ['admin', 'operator'] },
  { href: '/sandbox', label: 'Sandbox tenant', roles: everyone },
  { href: '/notifications', label: 'Notifications', roles: everyone },
  { href: '/audit', label: 'Audit log', roles: ['admin', 'auditor'] },
  { href: '/api-reference', label: 'API reference', roles: everyone },
  { href: '/settings', label: 'Settings', roles: everyone },
];
