import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const actor = await requireSession();
  return (
    <>
      <PageHeader title="Dashboard" description={`Signed in as ${actor.name}.`} />
      <Card title="Secret expiry" description="Every authKey's secret, sorted by the soonest expiry, appears here once keys exist.">
        <p className="text-sm text-slate-600 dark:text-slate-400">No authKeys yet.</p>
      </Card>
    </>
  );
}
