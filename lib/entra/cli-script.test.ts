import { describe, expect, it } from 'vitest';
import { cliScript } from './cli-script';

describe('Azure CLI script', () => {
  const script = cliScript({ appName: "Pliant's automation", cloud: 'global', operations: ['users.write', 'groups.membership', 'apps.read-expiry'], expiresOn: '2026-12-31' });

  it('adds the least permissions by app role GUID, as application permissions', () => {
    expect(script).toContain('--api 00000003-0000-0000-c000-000000000000');
    expect(script).toContain('741f803b-c850-494e-b5df-cde7c675a1ca=Role'); // User.ReadWrite.All
    expect(script).toContain('dbaae8cf-10b5-4b86-a4a1-f871c94c6695=Role'); // GroupMember.ReadWrite.All
    expect(script).toContain('9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30=Role'); // Application.Read.All
    expect(script).not.toContain('df021288-bdef-4463-88db-98f22de89214'); // User.Read.All is implied
    expect(script).not.toMatch(/=Scope/);
  });

  it('creates the secret with --append so existing secrets survive, and prints the three values', () => {
    expect(script).toMatch(/az ad app credential reset --id "\$APP_ID" --append --display-name "\$APP_NAME" --end-date "\$END_DATE"/);
    expect(script).toContain("END_DATE='2026-12-31'");
    expect(script).toMatch(/echo "Tenant ID: .*\$TENANT_ID"/);
    expect(script).toMatch(/echo "Client ID: .*\$APP_ID"/);
    expect(script).toMatch(/echo "Client Secret: \$SECRET"/);
  });

  it('registers a single-tenant app and grants consent on the Global cloud', () => {
    expect(script).toContain('--sign-in-audience AzureADMyOrg');
    expect(script).toContain('az ad sp create --id "$APP_ID"');
    expect(script).toMatch(/^az ad app permission admin-consent --id "\$APP_ID"$/m);
    expect(script).toContain('Global Administrator');
    expect(script).toContain('az cloud set --name AzureCloud');
  });

  it('quotes the app name for bash', () => {
    expect(script).toContain(`APP_NAME='Pliant'\\''s automation'`);
  });

  it('does not run admin consent from the CLI on sovereign clouds', () => {
    const gov = cliScript({ appName: 'x', cloud: 'usgov', operations: ['users.read'], expiresOn: '2026-01-01' });
    expect(gov).toContain('az cloud set --name AzureUSGovernment');
    expect(gov).not.toMatch(/^az ad app permission admin-consent/m);
    expect(gov).toContain('does not work from the CLI on sovereign clouds');
    expect(gov).toContain('df021288-bdef-4463-88db-98f22de89214=Role');
  });
});
