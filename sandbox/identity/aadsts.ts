import { randomUUID } from 'node:crypto';

/** An error the token endpoint answers with, in Entra's exact JSON shape. */
export class AadstsError extends Error {
  constructor(
    readonly code: number,
    readonly error: string,
    message: string,
    readonly suberror?: string,
  ) {
    super(message);
  }

  /** invalid_client is 401 at Entra; every other OAuth error is 400. */
  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

// Entra's own timestamp format: "2024-12-03 13:51:30Z".
function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadstsBody(err: AadstsError, opts: { authorityHost: string; correlationId?: string; now?: Date }): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = opts.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(opts.now ?? new Date());
  const body: Record<string, unknown> = {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${opts.authorityHost}/error?code=${err.code}`,
  };
  if (err.suberror) body.suberror = err.suberror;
  return body;
}

// The messages below follow Entra's wording, so that the portal's diagnosis (which branches
// on the code) can be checked against realistic text.
export const aadsts = {
  missingParameter: (name: string) =>
    new AadstsError(900144, 'invalid_request', `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrant: (grant: string) =>
    new AadstsError(70003, 'unsupported_grant_type', `The app requested an unsupported grant type '${grant}'.`),
  tenantNotFound: (tenant: string) =>
    new AadstsError(90002, 'invalid_request',
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  malformedTenant: (tenant: string) =>
    new AadstsError(900023, 'invalid_request', `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`),
  appNotFound: (clientId: string, directory: string) =>
    new AadstsError(700016, 'unauthorized_client',
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  appDisabled: (clientId: string, name: string) =>
    new AadstsError(7000112, 'unauthorized_client', `Application '${clientId}'(${name}) is disabled.`),
  invalidSecret: (clientId: string) =>
    new AadstsError(7000215, 'invalid_client',
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`),
  expiredSecret: (clientId: string) =>
    new AadstsError(7000222, 'invalid_client',
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`),
  // Real responses (quoted in public issues) carry invalid_client for 7000218.
  noCredential: () =>
    new AadstsError(7000218, 'invalid_client', `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`),
  assertionTypeMissing: () =>
    new AadstsError(90014, 'invalid_request',
      `The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the necessary parameters for the login request.`),
  malformedAssertion: () => new AadstsError(50027, 'invalid_request', 'JWT token is invalid or malformed.'),
  assertionKeyNotFound: (thumbprint: string) =>
    new AadstsError(700027, 'invalid_client',
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}']`),
  assertionBadSignature: (reason: string) =>
    new AadstsError(700027, 'invalid_client', `Client assertion failed signature validation. [Reason - ${reason}]`),
  assertionTimeRange: () => new AadstsError(700024, 'invalid_client', 'Client assertion is not within its valid time range.'),
  scopeNotDefault: (scope: string) =>
    new AadstsError(1002012, 'invalid_scope',
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  invalidScope: (scope: string) =>
    new AadstsError(70011, 'invalid_scope',
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`),
  resourceNotFound: (resource: string, tenant: string) =>
    new AadstsError(500011, 'invalid_resource',
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  badUserCredentials: () =>
    new AadstsError(50126, 'invalid_grant', 'Error validating credentials due to invalid username or password.'),
  userDisabled: () =>
    new AadstsError(50057, 'invalid_grant',
      'The user account is disabled. The user object in Active Directory backing this account has been disabled. An admin can re-enable this account through PowerShell.'),
  mfaRequired: () =>
    new AadstsError(50076, 'invalid_grant',
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
      'basic_action'),
  consentRequired: (clientId: string, name: string) =>
    new AadstsError(65001, 'invalid_grant',
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${name}'. Send an interactive authorization request for this user and resource.`,
      'consent_required'),
};
