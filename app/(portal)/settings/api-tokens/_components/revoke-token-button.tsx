'use client';

import { revokeApiTokenAction } from '@/app/(portal)/settings/api-tokens/actions';
import { ConfirmActionForm } from '@/components/ui/confirm-action-form';

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  return (
    <ConfirmActionForm
      action={revokeApiTokenAction}
      fields={{ tokenId }}
      label={`Revoke ${name}`}
      trigger="Revoke"
      triggerLabel={`Revoke ${name}`}
      question={<>Revoke “{name}”? Every request with it is refused from now on.</>}
      confirm="Yes, revoke"
      pending="Revoking…"
    />
  );
}
