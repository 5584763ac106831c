'use client';

import { resetSandboxAction } from '@/app/(portal)/sandbox/actions';
import { ConfirmActionForm } from '@/components/ui/confirm-action-form';

export function ResetSandboxForm() {
  return (
    <ConfirmActionForm
      action={resetSandboxAction}
      fields={{}}
      label="Reset the sandbox"
      trigger="Reset…"
      triggerVariant="secondary"
      question="Users, groups, licenses and secrets created in the sandbox will be lost."
      confirm="Reset the sandbox"
      pending="Resetting…"
    />
  );
}
