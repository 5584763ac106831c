'use client';

import { useActionState, useState } from 'react';
import { deleteKeyAction } from '@/app/(portal)/keys/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionState } from '@/lib/validation/action-state';

/** Deleting asks for the key's name typed back; the server checks it again. */
export function DeleteKeyForm({ keyId, name }: { keyId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [state, action] = useActionState(deleteKeyAction, { status: 'idle' } as ActionState);
  if (!open) {
    return (
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete authKey
      </Button>
    );
  }
  return (
    <form action={action} className="space-y-3 rounded-md border border-red-200 p-4 dark:border-red-900" aria-label="Delete authKey">
      <p className="text-sm">
        Pliant workflows that use this key stop working. Its test history goes too; the audit log keeps its record. Type <strong>{name}</strong> to confirm.
      </p>
      <input type="hidden" name="keyId" value={keyId} />
      <Field label="Type the key’s name to confirm" name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" errors={state.fieldErrors?.confirm} autoFocus />
      <FormStatus state={state} />
      <div className="flex gap-2">
        {typed.trim() === name ? (
          <SubmitButton variant="danger" pendingText="Deleting…">
            Delete permanently
          </SubmitButton>
        ) : (
          <Button variant="danger" disabled aria-disabled>
            Delete permanently
          </Button>
        )}
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
