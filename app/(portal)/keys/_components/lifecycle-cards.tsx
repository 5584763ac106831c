import { AutoRotationForm } from '@/app/(portal)/keys/_components/auto-rotation-form';
import { ConsumersForm } from '@/app/(portal)/keys/_components/consumers-form';
import { HandOffPanel } from '@/app/(portal)/keys/_components/hand-off-panel';
import { RotateNowButton } from '@/app/(portal)/keys/_components/rotate-now-button';
import { AutoRotationStatus } from '@/components/rotation/auto-rotation-status';
import { TokenBrokerCard } from '@/components/keys/token-broker-card';
import { RefreshWhile } from '@/components/rotation/refresh-while';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { getHandOff, listConsumers } from '@/lib/dal/key-consumers';
import type { KeyDto } from '@/lib/dal/keys';
import { getAutoRotation } from '@/lib/dal/rotation-policies';
import { credentialSignIns } from '@/lib/entra/sign-ins';
import { keyCloud } from '@/lib/entra/token';

/** The key page's lifecycle: automatic rotation, who holds a copy of the credential, and the hand-off between them. */
export async function LifecycleCards({ keyDto: key, isAdmin }: { keyDto: KeyDto; isAdmin: boolean }) {
  const [rotation, consumers, handOff] = [await getAutoRotation(key.id), await listConsumers(key.id), await getHandOff(key.id)];
  const running = ['creating', 'verifying'].includes(rotation?.lastRun?.state ?? '');
  const signIns = handOff && isAdmin ? await credentialSignIns(key.id) : null;
  const last = (azureKeyId: string | null) => (signIns?.available && azureKeyId ? signIns.lastByKeyId[azureKeyId.toLowerCase()] : undefined);
  return (
    <>
      {handOff && isAdmin ? (
        <Card title="Hand over the new secret" description="Rotation replaced the secret in Azure and here; the copies of it elsewhere still have the old one.">
          <HandOffPanel keyId={key.id} keyName={key.name} revealedAt={handOff.revealedAt} revealedBy={handOff.revealedBy} removeAfter={handOff.removeAfter} removalDue={handOff.removalDue} waiting={handOff.waiting} />
          <div className="mt-4 text-sm" data-testid="sign-ins">
            {signIns?.available ? (
              <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1">
                <dt className="text-slate-600 dark:text-slate-400">Previous secret last used</dt>
                <dd>{last(handOff.oldAzureKeyId)?.replace('T', ' ').slice(0, 16) ?? 'no sign-in in the log'}</dd>
                <dt className="text-slate-600 dark:text-slate-400">New secret last used</dt>
                <dd>{last(handOff.newAzureKeyId)?.replace('T', ' ').slice(0, 16) ?? 'no sign-in in the log'} (the portal’s own sign-ins count too)</dd>
              </dl>
            ) : (
              <p className="text-xs text-slate-600 dark:text-slate-400">{signIns?.reason}</p>
            )}
          </div>
        </Card>
      ) : null}
      <Card id="automatic-rotation" title="Automatic rotation" description="The portal replaces the credential before it expires: it creates the new one in Azure, signs in with it, swaps, and removes the old one after the overlap.">
        <div className="space-y-4">
          {rotation?.unavailable && !rotation.enabled ? (
            <Alert tone="info" title="Automatic rotation is not available for this key">
              {rotation.unavailable}
            </Alert>
          ) : null}
          {rotation && isAdmin && key.credential ? (
            <AutoRotationForm keyId={key.id} kind={key.credential.kind} enabled={rotation.enabled} daysBefore={rotation.daysBefore} lifetimeDays={rotation.lifetimeDays} overlapDays={rotation.overlapDays} unavailable={rotation.unavailable} />
          ) : rotation ? (
            <p className="text-sm">{rotation.enabled ? `On: ${rotation.daysBefore} days before expiry, ${rotation.overlapDays} days of overlap.` : 'Off.'}</p>
          ) : null}
          {rotation && isAdmin && key.credential && !rotation.unavailable && !running ? <RotateNowButton keyId={key.id} kind={key.credential.kind} /> : null}
          <AutoRotationStatus run={rotation?.lastRun ?? null} />
          <RefreshWhile active={running} />
          <p className="text-xs text-slate-600 dark:text-slate-400">Needs Application.ReadWrite.OwnedBy, with the app as an owner of itself, or Application.ReadWrite.All: the operation “Rotate its own credentials automatically”.</p>
        </div>
      </Card>
      <Card title="Consumers" description="Who holds a copy of this key’s credential. After a rotation, the previous secret is removed only once each copy holder has the new one.">
        <ConsumersForm keyId={key.id} consumers={consumers} canEdit={isAdmin && key.credential?.kind !== 'certificate'} />
        <p className="mt-4 text-xs text-slate-600 dark:text-slate-400">
          The portal cannot see by itself which secret a consumer signs in with: it knows what you confirm here{' '}
          {key.credential?.kind === 'certificate' ? '(a certificate’s private key never leaves the portal, so nobody else holds it).' : '. Consumers that ask the portal for tokens (the token broker) never hold the secret and never need a hand-off.'}
        </p>
      </Card>
      {key.accessType === 'app' ? <TokenBrokerCard keyId={key.id} isAdmin={isAdmin} graphRoot={(await keyCloud(key.id)).graphRoot} /> : null}
    </>
  );
}
