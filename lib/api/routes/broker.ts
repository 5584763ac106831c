import 'server-only';
import { getKeyAccessType } from '@/lib/dal/keys';
import { acquireGraphToken, TokenError } from '@/lib/entra/token';
import { defineRoute } from '../define';
import { ApiProblem } from '../problem';
import { graphTokenSchema, keyParams } from '../schemas';

export const brokerRoutes = [
  defineRoute({
    method: 'POST',
    path: '/authkeys/{keyId}/token',
    operationId: 'issueGraphToken',
    summary: 'Get a Microsoft Graph access token',
    description:
      'The token broker: an app-only Graph token obtained with the authKey’s secret or certificate through MSAL, served from MSAL’s cache until shortly before it expires. The credential itself is never returned, so consumers survive every rotation untouched.',
    tag: 'Token broker',
    scope: 'tokens:issue',
    perKey: true,
    params: keyParams,
    success: { status: 200, description: 'A Graph access token.', schema: graphTokenSchema },
    problems: ['not-found', 'key-not-ready', 'token-request-failed'],
    async run({ params, principal }) {
      // One narrow read, not the key's whole DTO: this is the hot path of every broker consumer.
      const accessType = await getKeyAccessType(params.keyId);
      if (!accessType) throw new ApiProblem('not-found', 'No authKey has this id.');
      if (accessType !== 'app') throw new ApiProblem('key-not-ready', 'This is a Delegated key: it signs in as a user, and the token broker issues app-only tokens (Enterprise App keys).');
      try {
        const token = await acquireGraphToken(params.keyId, { actor: principal.actor });
        const expiresOn = Math.floor((token.expiresOn?.getTime() ?? Date.now() + 3_600_000) / 1000);
        return { json: { access_token: token.accessToken, token_type: 'Bearer', expires_on: expiresOn, expires_in: Math.max(0, expiresOn - Math.floor(Date.now() / 1000)), resource: token.graphRoot, roles: token.roles } };
      } catch (error) {
        if (error instanceof TokenError) throw new ApiProblem('token-request-failed', `${error.diagnosis.title}: ${error.diagnosis.explanation}`, { code: error.diagnosis.code, traceId: error.diagnosis.traceId, correlationId: error.diagnosis.correlationId });
        throw error;
      }
    },
  }),
];
