'use client';

import { useActionState, useState } from 'react';
import { saveChannelAction } from '@/app/(portal)/settings/alerts/actions';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ChannelDto } from '@/lib/dal/alerts';
import type { EmailConfig } from '@/lib/alerts/channel-config';
import { idle } from '@/lib/validation/action-state';

const KINDS = [
  { value: 'email', label: 'Email (SMTP)' },
  { value: 'teams', label: 'Microsoft Teams (Workflows)' },
  { value: 'slack', label: 'Slack incoming webhook' },
  { value: 'webhook', label: 'Generic JSON webhook' },
];

const URL_HINT: Record<string, string> = {
  teams: 'In Teams: Workflows → “Post to a channel when a webhook request is received”; paste the URL it gives (it carries a signature: it is stored encrypted).',
  slack: 'https://hooks.slack.com/services/T…/B…/… (stored encrypted).',
  webhook: 'Receives a JSON POST per alert (stored encrypted).',
};

/** Adds a channel, or edits one when `channel` is given (blank secrets keep the stored ones). */
export function ChannelForm({ channel }: { channel?: ChannelDto }) {
  const [state, action] = useActionState(saveChannelAction, idle);
  const [kind, setKind] = useState<string>(channel?.kind ?? state.values?.kind ?? 'email');
  const id = channel?.id ?? 'new';
  const email = channel?.kind === 'email' ? (channel.config as EmailConfig) : null;
  const v = (name: string, fallback = '') => state.values?.[name] ?? fallback;
  const e = (name: string) => state.fieldErrors?.[name];
  return (
    <form action={action} className="space-y-4">
      <FormStatus state={state} />
      {channel ? <input type="hidden" name="channelId" value={channel.id} /> : null}
      {channel ? <input type="hidden" name="kind" value={channel.kind} /> : <Select label="Kind" name="kind" id={`${id}-kind`} value={kind} onChange={(ev) => setKind(ev.target.value)} options={KINDS} />}
      <Field label="Channel name" name="name" id={`${id}-name`} defaultValue={v('name', channel?.name)} errors={e('name')} required />
      {kind === 'email' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="SMTP host" name="host" id={`${id}-host`} defaultValue={v('host', email?.host)} errors={e('host')} />
          <Field label="Port" name="port" id={`${id}-port`} type="number" defaultValue={v('port', String(email?.port ?? 587))} errors={e('port')} />
          <Select label="TLS" name="tls" id={`${id}-tls`} defaultValue={v('tls', email?.tls ?? 'starttls')} options={[{ value: 'starttls', label: 'STARTTLS (port 587)' }, { value: 'tls', label: 'TLS from the start (port 465)' }, { value: 'none', label: 'None (local relay only)' }]} errors={e('tls')} />
          <Field label="Username" name="username" id={`${id}-username`} autoComplete="off" defaultValue={v('username', email?.username)} errors={e('username')} />
          <Field label="Password" name="password" id={`${id}-password`} type="password" autoComplete="new-password" errors={e('password')} hint={channel?.secretConfigured ? 'Configured. Leave blank to keep it.' : 'Stored encrypted.'} />
          <Field label="From" name="from" id={`${id}-from`} type="email" defaultValue={v('from', email?.from)} errors={e('from')} />
          <div className="sm:col-span-2">
            <Field label="Recipients" name="recipients" id={`${id}-recipients`} defaultValue={v('recipients', email?.recipients.join(', '))} errors={e('recipients')} hint="Comma-separated. Each key's extra recipients (its app owners) are added to its alerts." />
          </div>
        </div>
      ) : (
        <Field label="Webhook URL" name="url" id={`${id}-url`} type="url" autoComplete="off" errors={e('url')} hint={channel?.secretConfigured ? `Configured (${(channel.config as { host?: string }).host ?? ''}). Leave blank to keep it.` : URL_HINT[kind]} />
      )}
      <div className="flex flex-wrap gap-6 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="enabled" defaultChecked={channel?.enabled ?? true} /> Enabled
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="digest" defaultChecked={Boolean(channel?.config.digest)} /> Daily digest (one message a day at 07:00 UTC instead of one per alert)
        </label>
      </div>
      <SubmitButton pendingText="Saving…">{channel ? 'Save channel' : 'Add channel'}</SubmitButton>
    </form>
  );
}
