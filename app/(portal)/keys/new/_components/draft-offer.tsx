'use client';

import { useEffect, useRef } from 'react';
import { formatDateTime } from '@/components/keys/format';
import { Button } from '@/components/ui/button';
import { STAGES, type WizardDraft } from '@/app/(portal)/keys/new/_components/wizard-types';

/** An unfinished key from an earlier visit: resume it, or start over, but never silently either. */
export function DraftOffer({ draft, onResume, onStartOver }: { draft: WizardDraft; onResume: () => void; onStartOver: () => void }) {
  const stage = STAGES.findIndex((s) => s.id === draft.stage);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="draft-offer-title" role="region" className="rounded-md border border-blue-200 bg-blue-50 p-4 text-sm text-blue-900 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100">
      <h2 id="draft-offer-title" ref={heading} tabIndex={-1} className="font-semibold outline-none">
        You have an unfinished authKey
      </h2>
      <p className="mt-1" data-testid="draft-summary">
        {draft.values.name ? `“${draft.values.name}”, ` : ''}started {draft.startedAt ? formatDateTime(draft.startedAt) : 'earlier'}, at stage {stage + 1} “{STAGES[stage]?.label}”. The secret is never kept: you enter it again.
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button onClick={onResume}>Resume your draft</Button>
        <Button variant="secondary" onClick={onStartOver}>
          Start over
        </Button>
      </div>
    </section>
  );
}
