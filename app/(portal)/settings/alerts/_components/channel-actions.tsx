'use client';

import { useActionState } from 'react';
import { deleteChannelAction, sendTestAlertAction } from '@/app/(portal)/settings/alerts/actions';
import { ConfirmActionForm } from '@/components/ui/confirm-action-form';
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
  return (
    <ConfirmActionForm
      action={deleteChannelAction}
      fields={{ channelId }}
      label={`Delete ${name}`}
      trigger="Delete"
      question={<>Delete “{name}” and its delivery log?</>}
      confirm="Yes, delete"
      pending="Deleting…"
    />
  );
}
