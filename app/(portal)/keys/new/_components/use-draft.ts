'use client';

import { useEffect, useRef } from 'react';
import type { WizardDraft } from '@/app/(portal)/keys/new/_components/wizard-types';

const DRAFT_KEY = 'authkey-portal.wizard-draft.v1';

export function loadDraft(): WizardDraft | null {
  try {
    const raw = window.localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as WizardDraft) : null;
  } catch {
    return null;
  }
}

export function clearDraft(): void {
  try {
    window.localStorage.removeItem(DRAFT_KEY);
  } catch {
    // Storage can be disabled: the draft is a convenience.
  }
}

/** Saves the wizard's progress after every change, once the stored draft has been read. */
export function usePersistDraft(draft: WizardDraft, ready: boolean, version: unknown): void {
  const first = useRef(true);
  useEffect(() => {
    if (!ready) return;
    if (first.current) {
      first.current = false;
      return;
    }
    try {
      // Picked field by field, so a secret can never slip in through a spread.
      const { values, ...rest } = draft;
      const safe = { ...rest, values: { ...values, clientSecret: undefined, password: undefined } };
      window.localStorage.setItem(DRAFT_KEY, JSON.stringify(safe));
    } catch {
      // Storage full or disabled: progress just will not survive a reload.
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` changes whenever `draft` does
  }, [version, ready]);
}
