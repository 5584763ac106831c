import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/accounts/change-password-form';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Your password' };

export default async function PasswordPage() {
  await requireSession();
  return (
    <>
      <PageHeader title="Your password" description="Changing it signs out your other sessions." />
      <Card className="max-w-lg">
        <ChangePasswordForm />
      </Card>
    </>
  );
}
