import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/app/(portal)/settings/password/_components/change-password-form';
import { requireSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Choose a new password' };
export const dynamic = 'force-dynamic';

// Outside the portal layout on purpose: an account whose password an administrator set is sent
// here by requireSession before it may see or do anything else.
export default async function ChangePasswordPage() {
  const actor = await requireSession({ allowPendingPasswordChange: true });
  if (!actor.mustChangePassword) redirect('/settings/password');
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-sm font-semibold uppercase tracking-widest text-blue-700 dark:text-blue-300">authKey Portal</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Choose a new password</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            An administrator set the password of {actor.email}. Choose your own before you continue.
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <ChangePasswordForm forced />
        </div>
      </div>
    </main>
  );
}
