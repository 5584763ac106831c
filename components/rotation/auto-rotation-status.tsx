import type { RotationRunDto } from '@/lib/dal/rotation-policies';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

/** The latest automatic rotation, in words. */
export function AutoRotationStatus({ run }: { run: RotationRunDto | null }) {
  if (!run) return <p className="text-sm text-slate-600 dark:text-slate-400">No automatic rotation has run for this key yet.</p>;
  const what = run.kind === 'certificate' ? 'certificate' : 'secret';
  const text: Record<RotationRunDto['state'], string> = {
    creating: `Started ${when(run.startedAt)}: creating the new ${what} in Azure${run.attempts ? ` (try ${run.attempts + 1}, next at ${when(run.nextAttemptAt)})` : ''}.`,
    verifying: `The new ${what} exists in Azure and is stored here; waiting for it to sign in (Entra can take minutes to replicate it). Try ${run.attempts + 1}, next at ${when(run.nextAttemptAt)}. The current ${what} stays active until then.`,
    overlap: `Rotated: the new ${what} is active. The previous one stays valid in Azure until ${day(run.removeAfter)}, then it is removed.`,
    done: `Last rotation finished on ${day(run.finishedAt)}: the previous ${what} was removed from Azure.`,
    failed: `Last rotation failed on ${day(run.finishedAt)}. The current ${what} stays active. It is tried again a day later.`,
  };
  return (
    <div className="space-y-1 text-sm" data-testid="rotation-status" data-state={run.state}>
      <p>{text[run.state]}</p>
      {run.lastError && run.state !== 'done' ? <p className="text-red-700 dark:text-red-400">{run.lastError}</p> : null}
    </div>
  );
}
