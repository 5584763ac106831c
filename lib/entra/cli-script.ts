// Pure: the wizard regenerates the script in the browser as choices change (no server-only).
import type { CloudId } from '@/contracts/enums';
import { GRAPH_RESOURCE_APP_ID, leastPermissions } from './permission-catalog';

// `az cloud set --name` values for each cloud the CLI knows.
const AZ_CLOUD: Partial<Record<CloudId, string>> = { global: 'AzureCloud', usgov: 'AzureUSGovernment', dod: 'AzureUSGovernment', china: 'AzureChinaCloud' };

export type CliScriptInput = { appName: string; cloud: CloudId; operations: readonly string[]; expiresOn: string };

/** Quotes a value for bash: single quotes, with embedded single quotes closed and escaped. */
function sh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A bash script for the Azure CLI that performs steps 1–14 of the guide (FACTS.md "Admin consent
 * and the Azure CLI") and prints the three values to paste.
 */
export function cliScript(input: CliScriptInput): string {
  const permissions = leastPermissions(input.operations);
  const roles = permissions.map((p) => `${p.id}=Role`).join(' ');
  const sovereign = input.cloud === 'usgov' || input.cloud === 'dod' || input.cloud === 'china';
  const azCloud = AZ_CLOUD[input.cloud];
  const lines = [
    '#!/usr/bin/env bash',
    '# Steps 1–14 of "Authentication for Microsoft365" with the Azure CLI. Run it signed in',
    '# (az login) as an administrator of the tenant the key is for.',
    'set -euo pipefail',
    '',
    azCloud ? `az cloud set --name ${azCloud}` : '# Sandbox and Custom clouds are not Azure CLI clouds: run this against a real tenant.',
    `APP_NAME=${sh(input.appName)}`,
    `END_DATE=${sh(input.expiresOn)}`,
    '',
    '# Steps 1–4: register a single-tenant app and its service principal.',
    'APP_ID=$(az ad app create --display-name "$APP_NAME" --sign-in-audience AzureADMyOrg --query appId -o tsv)',
    'az ad sp create --id "$APP_ID" > /dev/null',
    '',
    `# Steps 5–10: Microsoft Graph application permissions: ${permissions.map((p) => p.name).join(', ') || '(none chosen)'}.`,
    permissions.length
      ? `az ad app permission add --id "$APP_ID" --api ${GRAPH_RESOURCE_APP_ID} --api-permissions ${roles}`
      : '# No operation was chosen, so no permission is added.',
    '',
    '# Step 11: grant admin consent. This needs a Global Administrator (or Privileged Role',
    '# Administrator)' + (sovereign ? ', and does not work from the CLI on sovereign clouds: grant it on the' : '.'),
    ...(sovereign
      ? ['# API permissions page instead ("Grant admin consent").', '# az ad app permission admin-consent --id "$APP_ID"']
      : ['az ad app permission admin-consent --id "$APP_ID"']),
    '',
    '# Steps 12–14: a client secret. --append keeps existing secrets: without it, every',
    '# existing secret of the app is deleted.',
    'SECRET=$(az ad app credential reset --id "$APP_ID" --append --display-name "$APP_NAME" --end-date "$END_DATE" --query password -o tsv)',
    'TENANT_ID=$(az account show --query tenantId -o tsv)',
    '',
    '# Paste these into the authKey (steps 16 and 18). The secret is shown only now.',
    'echo "Tenant ID:     $TENANT_ID"',
    'echo "Client ID:     $APP_ID"',
    'echo "Client Secret: $SECRET"',
    '',
  ];
  return lines.join('\n');
}
