import type { Capability } from '@/lib/server/provisioning';

/**
 * Why a form is disabled: the permission the key's token lacks, named, so nobody finds out by
 * submitting. The id lets the disabled fieldset point at it with aria-describedby.
 */
export function PermissionNote({ id, capability, what }: { id: string; capability: Capability; what: string }) {
  if (capability.allowed) return null;
  return (
    <p id={id} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
      {`To ${what}, this authKey needs the Microsoft Graph application permission ${capability.missing.join(' and ')}. Grant it to the app in Azure with admin consent, then test the key again.`}
    </p>
  );
}
