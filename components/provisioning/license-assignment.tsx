'use client';

import { useActionState } from 'react';
import { assignLicenseAction, removeLicenseAction } from '@/app/(portal)/provisioning/actions';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

type Sku = { skuId: string; skuPartNumber: string; free: number; enabled: number };
type Props = { keyId: string; userId: string; held: { skuId: string; skuPartNumber: string | null }[]; skus: Sku[] | null; usageLocation: string | null; allowed: boolean; noteId?: string };

/** Licenses with free seats shown, and the usage-location rule enforced before any call. */
export function LicenseAssignment({ keyId, userId, held, skus, usageLocation, allowed, noteId }: Props) {
  const [assignState, assignAction] = useActionState(assignLicenseAction, idle);
  const [removeState, removeAction] = useActionState(removeLicenseAction, idle);
  const holding = new Set(held.map((l) => l.skuId.toLowerCase()));
  const choices = (skus ?? []).filter((s) => !holding.has(s.skuId.toLowerCase()));
  const blocked = !allowed || !usageLocation;
  return (
    <div className="space-y-4">
      <FormStatus state={removeState.status !== 'idle' ? removeState : assignState} />
      {held.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No licenses assigned.</p>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Assigned licenses">
          {held.map((l) => (
            <li key={l.skuId} className="flex items-center justify-between gap-3 py-2 text-sm">
              <span>{l.skuPartNumber ?? l.skuId}</span>
              <form action={removeAction}>
                <input type="hidden" name="keyId" value={keyId} />
                <input type="hidden" name="userId" value={userId} />
                <input type="hidden" name="skuId" value={l.skuId} />
                <fieldset disabled={!allowed} aria-describedby={allowed ? undefined : noteId}>
                  <SubmitButton variant="secondary" pendingText="Removing…">
                    <span>
                      Remove<span className="sr-only"> license {l.skuPartNumber ?? l.skuId}</span>
                    </span>
                  </SubmitButton>
                </fieldset>
              </form>
            </li>
          ))}
        </ul>
      )}
      {allowed && !usageLocation ? (
        <p id="usage-location-note" className="text-sm text-amber-800 dark:text-amber-300">
          Set a usage location in the profile first: Microsoft 365 licenses need one.
        </p>
      ) : null}
      <form action={assignAction} aria-label="Assign a license">
        <input type="hidden" name="keyId" value={keyId} />
        <input type="hidden" name="userId" value={userId} />
        <fieldset disabled={blocked} aria-describedby={!allowed ? noteId : !usageLocation ? 'usage-location-note' : undefined} className="flex flex-wrap items-end gap-2">
          <Select
            label="License"
            name="skuId"
            id="assign-sku"
            options={choices.map((s) => ({ value: s.skuId, label: `${s.skuPartNumber} (${s.free} of ${s.enabled} free)` }))}
            errors={assignState.fieldErrors?.skuId}
          />
          <SubmitButton pendingText="Assigning…">Assign license</SubmitButton>
        </fieldset>
      </form>
    </div>
  );
}
