'use client';

import { Field } from '@/components/ui/field';

export type ConsumerKindValue = 'pliant' | 'copy' | 'broker';

export const CONSUMER_LABELS: Record<ConsumerKindValue, string> = {
  pliant: 'Pliant authKey',
  copy: 'Another copy (a script, a pipeline)',
  broker: 'Token broker only',
};

const HINTS: Record<ConsumerKindValue, string> = {
  pliant: 'Pliant’s authKey form holds a copy of the secret: after a rotation, the portal hands you the new one for it.',
  copy: 'Something else holds a copy of the secret: after a rotation, it is handed over the same way.',
  broker: 'Consumers ask the portal for tokens and never hold the credential: rotations finish on their own.',
};

/** Who uses a key's credential: asked when a key is saved, and when one is added on its page. */
export function ConsumerChoice({ kind, name, onKind, onName, errors, idPrefix = 'consumer' }: { kind: ConsumerKindValue; name: string; onKind: (k: ConsumerKindValue) => void; onName: (n: string) => void; errors?: Record<string, string[] | undefined>; idPrefix?: string }) {
  return (
    <div className="space-y-3">
      <fieldset>
        <legend className="text-sm font-medium">Who uses this key’s credential?</legend>
        <div className="mt-2 space-y-2 text-sm">
          {(Object.keys(CONSUMER_LABELS) as ConsumerKindValue[]).map((k) => (
            <label key={k} className="flex items-start gap-2">
              <input type="radio" name={`${idPrefix}Kind`} value={k} className="mt-1" checked={kind === k} onChange={() => onKind(k)} />
              <span>
                <strong>{CONSUMER_LABELS[k]}</strong>
                <span className="block text-slate-600 dark:text-slate-400">{HINTS[k]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {kind === 'broker' ? null : (
        <Field
          label={kind === 'pliant' ? 'Its name in Pliant' : 'What holds the copy'}
          name={`${idPrefix}Name`}
          id={`${idPrefix}Name`}
          value={name}
          onChange={(e) => onName(e.target.value)}
          errors={errors?.consumerName}
          hint={kind === 'pliant' ? 'The authKey’s name in Pliant, so the hand-off says which one to edit.' : 'For example “Nightly export script on build-01”.'}
        />
      )}
    </div>
  );
}
