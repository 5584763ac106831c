/** A Graph error response; thrown by handlers and turned into Graph's JSON shape by the router. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ target?: string; code: string; message?: string }>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphErrorBody(err: GraphError, requestId: string, clientRequestId?: string): Record<string, unknown> {
  const error: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.details) error.details = err.details;
  const innerError: Record<string, unknown> = { date: new Date().toISOString().slice(0, 19), 'request-id': requestId };
  innerError['client-request-id'] = clientRequestId ?? requestId;
  error.innerError = innerError;
  return { error };
}

export const graphErrors = {
  denied: () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  notFound: (id: string) =>
    new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
  badRequest: (message: string, code = 'Request_BadRequest') => new GraphError(400, code, message),
  unknownSegment: (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: () => new GraphError(405, 'Request_BadRequest', 'The requested method is not allowed for this resource.'),
  unsupportedQuery: (message = 'Unsupported Query.') => new GraphError(400, 'Request_UnsupportedQuery', message),
  tooManyRequests: (retryAfter: number) =>
    new GraphError(429, 'TooManyRequests', 'Too many requests. Please retry after the number of seconds in the Retry-After header.', undefined, {
      'Retry-After': String(retryAfter),
    }),
};
