import type { Role } from '@/contracts/enums';

export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', operator: 'Operator', auditor: 'Auditor' };

export const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }));
