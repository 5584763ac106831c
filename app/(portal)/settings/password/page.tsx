import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/accounts/change-password-form';
import { Alert } from '@/components/ui/alert';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';

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
    </>
  );
}
