import type { FaultInjector } from './http/faults';
import type { RequestLog } from './http/request-log';
import type { Throttle } from './graph/throttle';
import type { TenantKeys } from './identity/tenant-keys';
import type { SandboxState } from './state/store';

/** Everything a request handler needs, built once per running sandbox. */
export interface SandboxContext {
  /** https://localhost:PORT: both the authority host and the Graph endpoint. */
  baseUrl: string;
  state: SandboxState;
  keys: TenantKeys;
  faults: FaultInjector;
  throttle: Throttle;
  requestLog: RequestLog;
  adminToken: string;
}

/** The Graph resource appId: tokens for it are accepted with either audience form. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
