'use client';

import { useActionState } from 'react';
import { confirmHandOffAction, revealSecretAction } from '@/app/(portal)/keys/[keyId]/actions';
import { SecretOnce } from '@/components/provisioning/secret-once';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle, type ActionState } from '@/lib/validation/action-state';

type Waiting = { id: string; kind: 'pliant' | 'copy' | 'broker'; name: string };
type Props = { keyId: string; keyName: string; revealedAt: string | null; revealedBy: string | null; removeAfter: string | null; removalDue: boolean; waiting: Waiting[] };

function Confirm({ keyId, consumer }: { keyId: string; consumer: Waiting }) {
  const [state, action] = useActionState(confirmHandOffAction, idle);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3" aria-label={`Confirm ${consumer.name}`}>
      <input type="hidden" name="keyId" value={keyId} />
      <input type="hidden" name="consumerId" value={consumer.id} />
      <SubmitButton variant="secondary" pendingText="Recording…">
        {consumer.kind === 'pliant' ? `Pliant (“${consumer.name}”) now uses the new secret` : `“${consumer.name}” now uses the new secret`}
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}

/** After a rotation: the new secret, once, for the consumers that hold a copy; removal waits for them. */
export function HandOffPanel({ keyId, keyName, revealedAt, revealedBy, removeAfter, removalDue, waiting }: Props) {
  const [state, reveal] = useActionState(revealSecretAction, idle as ActionState & { secret?: string });
  const pliant = waiting.filter((w) => w.kind === 'pliant');
  return (
    <div className="space-y-4" id="hand-off">
      {waiting.length ? (
        <Alert tone="warning" title="Rotation waiting for consumers">
          {waiting.map((w) => w.name).join(', ')} still {waiting.length === 1 ? 'uses' : 'use'} the previous secret. It is not removed from Azure
          {removeAfter ? ` after ${removeAfter.slice(0, 10)}` : ''} until each of them has the new one and you have confirmed it here.
        </Alert>
      ) : (
        <Alert tone="success" title="Every copy holder has the new secret">
          The previous secret is removed from Azure {removeAfter && !removalDue ? `after ${removeAfter.slice(0, 10)}` : 'at the next check'}.
        </Alert>
      )}
      {state.secret ? (
        <SecretOnce value={state.secret} label={`New client secret of ${keyName}`} note="Shown this once: the portal keeps it sealed for signing in, but never shows it again. Paste it where the copy lives, then confirm below." />
      ) : revealedAt ? (
        <p className="text-sm">The new secret was shown on {revealedAt.replace('T', ' ').slice(0, 16)} UTC to {revealedBy}; it is not shown again. If it was lost, rotate again.</p>
      ) : (
        <form action={reveal} className="space-y-3" aria-label="Reveal the new secret" noValidate>
          <input type="hidden" name="keyId" value={keyId} />
          <Field label="Your password" name="password" type="password" autoComplete="current-password" errors={state.fieldErrors?.password} hint="Enter your own portal password again: the value is shown once, to you." />
          <SubmitButton pendingText="Checking…">Reveal the new secret</SubmitButton>
          <FormStatus state={state} />
        </form>
      )}
      {pliant.length ? (
        <ol className="list-decimal space-y-1 pl-6 text-sm">
          <li>In Pliant, open the authKeys of your Microsoft 365 connection and edit {pliant.map((p) => `“${p.name}”`).join(', ')}.</li>
          <li>Replace the <strong>Client Secret</strong> field with the new value (Tenant ID and Client ID stay the same) and save.</li>
          <li>Run a workflow that uses it, then confirm here.</li>
        </ol>
      ) : null}
      <div className="space-y-2">
        {waiting.map((w) => (
          <Confirm key={w.id} keyId={keyId} consumer={w} />
        ))}
      </div>
    </div>
  );
}
