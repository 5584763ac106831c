'use client';

import { useActionState, useState } from 'react';
import { deleteChannelAction, sendTestAlertAction } from '@/app/(portal)/settings/alerts/actions';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function SendTestButton({ channelId, name }: { channelId: string; name: string }) {
  const [state, action] = useActionState(sendTestAlertAction, idle);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="channelId" value={channelId} />
      <SubmitButton variant="secondary" pendingText="Sending…" className="whitespace-nowrap">
        <span aria-label={`Send test to ${name}`}>Send test</span>
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}

export function DeleteChannelButton({ channelId, name }: { channelId: string; name: string }) {
  const [state, action] = useActionState(deleteChannelAction, idle);
  const [asking, setAsking] = useState(false);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="channelId" value={channelId} />
      {asking ? (
        <div role="alertdialog" aria-label={`Delete ${name}`} className="flex flex-wrap items-center gap-2 text-sm">
          <span>Delete “{name}” and its delivery log?</span>
          <SubmitButton variant="danger" pendingText="Deleting…">
            Yes, delete
          </SubmitButton>
          <Button variant="secondary" onClick={() => setAsking(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="ghost" onClick={() => setAsking(true)}>
          Delete
        </Button>
      )}
      <FormStatus state={state} />
    </form>
  );
}
