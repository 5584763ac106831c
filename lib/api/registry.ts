import 'server-only';
import type { RouteDef } from './define';
import { apiHandler } from './pipeline';
import { auditRoutes } from './routes/audit';
import { brokerRoutes } from './routes/broker';
import { bulkRoutes } from './routes/bulk';
import { expiryRoutes } from './routes/expiry';
import { keyRoutes } from './routes/keys';
import { tokenInfoRoutes } from './routes/token-info';
import { userRoutes } from './routes/users';

/** Every operation of /api/v1: the route files serve them, the OpenAPI document describes them. */
export const API_ROUTES: RouteDef[] = [...tokenInfoRoutes, ...keyRoutes, ...brokerRoutes, ...expiryRoutes, ...userRoutes, ...bulkRoutes, ...auditRoutes];

type Handler = ReturnType<typeof apiHandler>;

/** The handlers of one path, by method, for a route file: `export const { GET } = handlersFor('/authkeys')`. */
export function handlersFor(path: string): Partial<Record<RouteDef['method'], Handler>> {
  const defs = API_ROUTES.filter((r) => r.path === path);
  if (!defs.length) throw new Error(`No API route is defined for ${path}.`);
  return Object.fromEntries(defs.map((d) => [d.method, apiHandler(d)]));
}
