'use client';

import { useActionState } from 'react';
import { uploadCsvAction } from '@/app/(portal)/provisioning/actions';
import { FieldMessages, inputClasses } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function BulkUploadForm({ keyId }: { keyId: string }) {
  const [state, action] = useActionState(uploadCsvAction, idle);
  const errors = state.fieldErrors?.file;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="keyId" value={keyId} />
      <div className="space-y-1">
        <label htmlFor="file" className="block text-sm font-medium">
          CSV file
        </label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required className={inputClasses} aria-invalid={errors ? true : undefined} aria-describedby={errors ? 'file-error file-hint' : 'file-hint'} />
        <p id="file-hint" className="text-xs text-slate-600 dark:text-slate-400">
          Entra’s bulk-create template (with or without its version row), at most 2 MB and 5,000 users. Nothing is sent until you start the job.
        </p>
        <FieldMessages id="file-error" errors={errors} />
      </div>
      <SubmitButton pendingText="Checking…">Upload and check</SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}
