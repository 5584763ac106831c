import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FirstAdminForm } from '@/app/(auth)/_components/first-admin-form';
import { SignInForm } from '@/app/(auth)/_components/sign-in-form';
import { getActor } from '@/lib/auth/session';
import { accountCount } from '@/lib/dal/accounts';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  if (await getActor()) redirect('/');
  const firstRun = (await accountCount()) === 0;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-sm font-semibold uppercase tracking-widest text-blue-700 dark:text-blue-300">authKey Portal</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">{firstRun ? 'Create the first administrator' : 'Sign in'}</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {firstRun
              ? 'No portal account exists yet. The first account administers the portal and creates the others.'
              : 'Sign in with your portal account.'}
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          {firstRun ? <FirstAdminForm /> : <SignInForm />}
        </div>
      </div>
    </main>
  );
}
