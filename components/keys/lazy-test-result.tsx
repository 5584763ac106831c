'use client';

import dynamic from 'next/dynamic';

/**
 * A test's result appears only after a test: its code (the diagnosis texts, the permission
 * tables) loads then, not with the page.
 */
export const TestResultView = dynamic(() => import('./test-result-view').then((m) => m.TestResultView), {
  loading: () => <p className="text-sm text-slate-600 dark:text-slate-400">Loading the result…</p>,
});
