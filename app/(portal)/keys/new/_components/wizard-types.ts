import type { KeyValues } from '@/components/keys/key-values';
import type { SandboxChoice } from '@/lib/sandbox/connection';

export type { SandboxChoice };

export type WizardStageId = 'register' | 'permissions' | 'secret' | 'key' | 'test';

export const STAGES: readonly { id: WizardStageId; label: string; steps: string }[] = [
  { id: 'register', label: 'Register the app', steps: 'Steps 1–4' },
  { id: 'permissions', label: 'Choose what the key will do', steps: 'Steps 5–11' },
  { id: 'secret', label: 'Create the credential', steps: 'Steps 12–14' },
  { id: 'key', label: 'Create the authKey', steps: 'Steps 15–19' },
  { id: 'test', label: 'Test and save', steps: '' },
];

export type OperationOption = { id: string; label: string; description: string };
export type CloudHosts = Record<string, { portalHost: string; authorityHost: string } | null>;

export type WizardDraft = {
  /** When the administrator began this key, for "Resume your draft (started …)". */
  startedAt: string;
  stage: WizardStageId;
  /** A sandbox secret picked by its Secret ID: the value itself is looked up by the server. */
  sandboxSecretId?: string;
  appName: string;
  expiryChoice: string;
  /** Everything but the secret and the password: those never leave the page's memory. */
  values: Omit<KeyValues, 'clientSecret' | 'password'>;
};

export type StageProps = {
  values: KeyValues;
  onChange: (patch: Partial<KeyValues>) => void;
  hosts: CloudHosts;
};
