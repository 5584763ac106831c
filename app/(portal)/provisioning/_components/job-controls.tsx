'use client';

import { useActionState } from 'react';
import { cancelJobAction, dryRunAction, startJobAction, type DryRunState } from '@/app/(portal)/provisioning/actions';
import { Alert } from '@/components/ui/alert';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

const OUTCOME = { create: 'would be created', warn: 'created with warnings', exists: 'already exists', fail: 'would fail' } as const;

/** Dry run and start for a checked file; cancel while it runs. */
export function JobControls({ jobId, state, valid }: { jobId: string; state: string; valid: number }) {
  const [dry, dryAction] = useActionState<DryRunState, FormData>(dryRunAction, idle);
  const [start, startAction] = useActionState(startJobAction, idle);
  const [cancel, cancelAction] = useActionState(cancelJobAction, idle);
  const hidden = <input type="hidden" name="jobId" value={jobId} />;
  const run = dry.dryRun;
  const problems = run?.rows.filter((r) => r.outcome !== 'create') ?? [];
  // After a dry run the button says how many users will really be created, not how many rows are valid.
  const toCreate = run ? run.create + run.warn : valid;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        {state === 'pending' ? (
          <>
            <form action={dryAction}>
              {hidden}
              <SubmitButton variant="secondary" pendingText="Checking against Graph…">
                Dry run
              </SubmitButton>
            </form>
            <form action={startAction}>
              {hidden}
              <SubmitButton pendingText="Starting…">{run && toCreate !== valid ? `Create ${toCreate} of ${valid} users` : `Create ${toCreate} user${toCreate === 1 ? '' : 's'}`}</SubmitButton>
            </form>
          </>
        ) : null}
        {state === 'running' ? (
          <form action={cancelAction}>
            {hidden}
            <SubmitButton variant="danger" pendingText="Cancelling…">
              Cancel job
            </SubmitButton>
          </form>
        ) : null}
      </div>
      <FormStatus state={start.status !== 'idle' ? start : cancel.status !== 'idle' ? cancel : dry} />
      {problems.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="py-2 text-left text-sm font-semibold">Dry run: rows that would not be created as they are</caption>
            <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-4">Row</th>
                <th scope="col" className="py-1 pr-4">User name</th>
                <th scope="col" className="py-1 pr-4">Outcome</th>
                <th scope="col" className="py-1">Why</th>
              </tr>
            </thead>
            <tbody>
              {problems.slice(0, 200).map((r) => (
                <tr key={r.rowNumber} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 pr-4">{r.rowNumber}</td>
                  <td className="py-1 pr-4">{r.userPrincipalName}</td>
                  <td className="py-1 pr-4">{OUTCOME[r.outcome]}</td>
                  <td className="py-1">{r.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {run?.seats.length ? (
        <Alert tone="warning" title="Not enough licenses">
          <ul className="list-disc pl-5">
            {run.seats.map((x) => (
              <li key={x.partNumber}>{`${x.partNumber}: ${x.needed} rows need a seat, ${x.free} free. ${x.needed - x.free} users would be created without it.`}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {run?.notes.length ? <p className="text-sm text-amber-800 dark:text-amber-300">{run.notes.join(' ')}</p> : null}
    </div>
  );
}
