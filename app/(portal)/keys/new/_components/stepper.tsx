'use client';

import { STAGES, type WizardStageId } from '@/app/(portal)/keys/new/_components/wizard-types';

/** The wizard's stages, with the finished ones marked (in words too, for screen readers). */
export function Stepper({ stage, done, onGo }: { stage: WizardStageId; done: readonly boolean[]; onGo: (stage: WizardStageId) => void }) {
  return (
    <nav aria-label="Wizard stages">
      <ol className="space-y-1">
        {STAGES.map((s, i) => {
          const current = s.id === stage;
          return (
            <li key={s.id}>
              <button
                type="button"
                onClick={() => onGo(s.id)}
                aria-current={current ? 'step' : undefined}
                data-done={done[i] ? 'true' : undefined}
                className={`flex w-full items-start gap-2 rounded-md px-3 py-2 text-left text-sm ${current ? 'bg-blue-50 font-semibold text-blue-800 dark:bg-blue-950 dark:text-blue-200' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
              >
                <span
                  aria-hidden="true"
                  className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs ${done[i] ? 'bg-green-600 text-white' : current ? 'bg-blue-600 text-white' : 'border border-slate-400 text-slate-600 dark:text-slate-300'}`}
                >
                  {done[i] ? '✓' : i + 1}
                </span>
                <span>
                  <span className="block">
                    <span className="sr-only">{i + 1}. </span>
                    {s.label}
                    <span className="sr-only">{done[i] ? ' (done)' : current ? ' (current stage)' : ''}</span>
                  </span>
                  {s.steps ? <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">{s.steps}</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
