'use server';

import { redirect } from 'next/navigation';
import { signOut } from '@/lib/auth/auth';
import { revokeAllSessions, revokeCurrentSession } from '@/lib/auth/sign-out';

export async function signOutAction(): Promise<void> {
  await revokeCurrentSession();
  await signOut({ redirectTo: '/sign-in' });
}

/** Settings → Your password: ends every session of this account, on every device. */
export async function signOutEverywhereAction(): Promise<void> {
  await revokeAllSessions();
  await signOut({ redirect: false });
  redirect('/sign-in?signedOut=everywhere');
}
