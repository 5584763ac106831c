import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BulkUploadForm } from '@/app/(portal)/provisioning/_components/bulk-upload-form';
import { KeyHeader } from '@/components/provisioning/key-header';
import { PermissionNote } from '@/components/provisioning/permission-note';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { listJobs } from '@/lib/server/bulk-jobs';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';

export const metadata: Metadata = { title: 'Bulk create' };

const stateTone = { pending: 'neutral', running: 'info', completed: 'success', failed: 'error', cancelled: 'warning' } as const;

export default async function BulkPage({ params }: { params: Promise<{ keyId: string }> }) {
  await requirePageRole(PROVISIONERS, 'page.provisioning.bulk');
  const { keyId } = await params;
  const key = await getProvisioningKey(keyId);
  if (!key) notFound();
  const jobs = await listJobs(keyId);
  return (
    <>
      <PageHeader title="Bulk create users" description="Upload Entra’s bulk-create CSV, check every row, try a dry run, then create the users as a job." />
      <KeyHeader keyChoice={key} current="bulk" />
      <div className="space-y-6">
        <Card
          title="Upload a file"
          actions={
            <a href="/api/provisioning/template" className={buttonClasses('secondary')} download>
              Download the template
            </a>
          }
        >
          {key.can['users.write'].allowed ? <BulkUploadForm keyId={keyId} /> : <PermissionNote id="bulk-note" capability={key.can['users.write']} what="create users" />}
        </Card>
        <Card title="Recent jobs">
          {jobs.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No jobs yet with this key.</p>
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {jobs.map((j) => (
                <li key={j.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
                  <Link href={`/provisioning/${keyId}/bulk/${j.id}`} className="font-medium text-blue-700 underline dark:text-blue-300">
                    {j.fileName ?? j.id}
                  </Link>
                  <span className="text-slate-600 dark:text-slate-400">
                    {j.total} rows · {j.counts.created} created · {j.counts.exists} existed · {j.counts.failed + j.counts.invalid} failed · {j.createdAt.slice(0, 16).replace('T', ' ')} UTC
                  </span>
                  <Badge tone={stateTone[j.state]}>{j.state}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
