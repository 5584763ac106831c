import type { Metadata } from 'next';
import { ThresholdsForm } from '@/app/(portal)/settings/thresholds/_components/thresholds-form';
import { Card, PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { getExpirySettings } from '@/lib/dal/expiry-settings';

export const metadata: Metadata = { title: 'Expiry thresholds' };

export default async function ThresholdsPage() {
  const actor = await requireRole(['admin', 'operator', 'auditor'], 'page.settings.thresholds');
  const settings = await getExpirySettings();
  return (
    <>
      <PageHeader title="Expiry thresholds" description="When a secret counts as critical, warning or notice; when alerts go out; how health checks and rotation behave." />
      <Card>
        <ThresholdsForm settings={settings} readOnly={actor.role !== 'admin'} />
      </Card>
    </>
  );
}
