import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/app/(portal)/settings/password/_components/change-password-form';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';
import { signOutEverywhereAction } from '../../actions';

export const metadata: Metadata = { title: 'Your password' };

export default async function PasswordPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  await requireSession();
  const { changed } = await searchParams;
  return (
    <>
      <PageHeader title="Your password" description="Changing it signs out your other sessions." />
      {changed ? (
        <div className="mb-4 max-w-lg">
          <Alert tone="success">Your password is changed.</Alert>
        </div>
      ) : null}
      <Card className="max-w-lg">
        <ChangePasswordForm />
      </Card>
      <Card className="mt-6 max-w-lg" title="Sign out everywhere" description="Ends every session of your account at once, on every browser and device, this one included. Use it when you signed in on a shared computer or think someone else has your session.">
        <form action={signOutEverywhereAction}>
          <button type="submit" className={buttonClasses('secondary')}>
            Sign out everywhere
          </button>
        </form>
      </Card>
    </>
  );
}
