'use client';

import { useActionState, useState } from 'react';
import { addConsumerAction, confirmHandOffAction, removeConsumerAction } from '@/app/(portal)/keys/[keyId]/actions';
import { CONSUMER_LABELS, ConsumerChoice, type ConsumerKindValue } from '@/components/keys/consumer-choice';
import { ConfirmActionForm } from '@/components/ui/confirm-action-form';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

type Consumer = { id: string; kind: ConsumerKindValue; name: string; usesActive: boolean };

function RemoveConsumer({ keyId, consumer }: { keyId: string; consumer: Consumer }) {
  return (
    <ConfirmActionForm
      action={removeConsumerAction}
      fields={{ keyId, consumerId: consumer.id }}
      label={`Remove ${consumer.name}`}
      trigger="Remove"
      triggerLabel={`Remove ${consumer.name}`}
      question={<span className="text-xs">{consumer.usesActive ? 'Remove it from the list?' : 'It still uses the previous secret: removing it lets the rotation delete that secret. Remove?'}</span>}
      confirm="Remove"
      pending="Removing…"
    />
  );
}

function ConfirmCurrent({ keyId, consumer }: { keyId: string; consumer: Consumer }) {
  const [state, action] = useActionState(confirmHandOffAction, idle);
  return (
    <form action={action} className="flex items-center gap-2" aria-label={`${consumer.name} uses the current secret`}>
      <input type="hidden" name="keyId" value={keyId} />
      <input type="hidden" name="consumerId" value={consumer.id} />
      <SubmitButton variant="ghost" pendingText="Recording…">
        Now uses the current secret
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}

/** The key page's list of consumers, with add and remove for administrators. */
export function ConsumersForm({ keyId, consumers, canEdit }: { keyId: string; consumers: Consumer[]; canEdit: boolean }) {
  const [state, action] = useActionState(addConsumerAction, idle);
  const [kind, setKind] = useState<ConsumerKindValue>('pliant');
  const [name, setName] = useState('');
  return (
    <div className="space-y-4">
      {consumers.length ? (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label="Consumers of this key">
          {consumers.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="consumer" data-uses-active={c.usesActive}>
              <span>
                <strong>{c.name}</strong> · {CONSUMER_LABELS[c.kind]}
                <span className="block text-xs text-slate-600 dark:text-slate-400">{c.kind === 'broker' ? 'Never holds the credential.' : c.usesActive ? 'Uses the current secret.' : 'Still uses the previous secret.'}</span>
              </span>
              {canEdit ? (
                <span className="flex flex-wrap items-center gap-2">
                  {c.usesActive ? null : <ConfirmCurrent keyId={keyId} consumer={c} />}
                  <RemoveConsumer keyId={keyId} consumer={c} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No consumer is recorded: the portal assumes nobody holds a copy, and rotations finish on their own.</p>
      )}
      {canEdit ? (
        <form action={action} className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" aria-label="Add a consumer" noValidate>
          <input type="hidden" name="keyId" value={keyId} />
          <ConsumerChoice kind={kind} name={name} onKind={setKind} onName={setName} errors={state.fieldErrors} idPrefix="consumer" />
          <SubmitButton variant="secondary" pendingText="Adding…">
            Add consumer
          </SubmitButton>
          <FormStatus state={state} />
        </form>
      ) : null}
    </div>
  );
}
