import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteChannelButton, SendTestButton } from '@/app/(portal)/settings/alerts/_components/channel-actions';
import { ChannelForm } from '@/app/(portal)/settings/alerts/_components/channel-form';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { listChannels } from '@/lib/dal/alerts';
import { CHANNEL_KIND_LABELS } from '@/lib/validation/alerts';

export const metadata: Metadata = { title: 'Alert channels' };

export default async function AlertChannelsPage() {
  await requirePageRole(['admin'], 'page.settings.alerts');
  const channels = await listChannels();
  return (
    <>
      <PageHeader
        title="Alert channels"
        description={
          <>
            Where expiry and health-check alerts go. Rules live in{' '}
            <Link href="/settings/thresholds" className="text-blue-700 underline dark:text-blue-300">
              thresholds
            </Link>
            ; every attempt is in the{' '}
            <Link href="/notifications" className="text-blue-700 underline dark:text-blue-300">
              notifications log
            </Link>
            .
          </>
        }
      />
      <div className="space-y-6">
        {channels.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No channel yet: nobody is told when a secret is about to expire. Add one below.</p> : null}
        {channels.map((c) => (
          <Card
            key={c.id}
            title={c.name}
            description={`${CHANNEL_KIND_LABELS[c.kind]}${c.enabled ? '' : ' · disabled'}${c.config.digest ? ' · daily digest' : ''}`}
            actions={
              <div className="flex items-start gap-2">
                <SendTestButton channelId={c.id} name={c.name} />
                <DeleteChannelButton channelId={c.id} name={c.name} />
              </div>
            }
          >
            <details>
              <summary className="cursor-pointer text-sm font-medium">Edit</summary>
              <div className="mt-4">
                <ChannelForm channel={c} />
              </div>
            </details>
          </Card>
        ))}
        <Card title="Add a channel">
          <ChannelForm />
        </Card>
      </div>
    </>
  );
}
