import 'server-only';
import { z } from 'zod';
import { defineRoute } from '../define';

export const tokenInfoRoutes = [
  defineRoute({
    method: 'GET',
    path: '/token-info',
    operationId: 'getTokenInfo',
    summary: 'Check the token you call with',
    description: 'Who the token acts for and what it may do: a quick check for a new pipeline.',
    tag: 'API tokens',
    scope: null,
    success: {
      status: 200,
      description: 'The calling token.',
      schema: z
        .object({ name: z.string(), prefix: z.string(), actsFor: z.string(), scopes: z.array(z.object({ scope: z.string(), keyIds: z.array(z.string()).optional() })), requestsPerMinute: z.number().int() })
        .meta({ id: 'TokenInfo' }),
    },
    problems: [],
    async run({ principal }) {
      return { json: { name: principal.name, prefix: principal.actor.tokenPrefix, actsFor: principal.actor.name, scopes: principal.grants, requestsPerMinute: principal.requestsPerMinute } };
    },
  }),
];
