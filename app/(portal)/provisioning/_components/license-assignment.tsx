'use client';

import { useActionState } from 'react';
import { assignLicenseAction, removeLicenseAction } from '@/app/(portal)/provisioning/actions';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { RemovableList } from '@/components/provisioning/removable-list';
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
      <RemovableList
        items={held.map((l) => ({ id: l.skuId, label: l.skuPartNumber ?? l.skuId }))}
        listLabel="Assigned licenses"
        emptyText="No licenses assigned."
        field="skuId"
        removeSuffix={(label) => ` license ${label}`}
        action={removeAction}
        keyId={keyId}
        userId={userId}
        allowed={allowed}
        noteId={noteId}
      />
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
