import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './session';

// A call of the automation API acts as the administrator who created its token, within the
// token's scopes (checked before the call). The data access layer asks getActor() for who is
// acting, as it does for a page; for an API call the answer comes from here, never a cookie.
export type ApiActor = Actor & { tokenId: string; tokenPrefix: string };

const store = ((globalThis as unknown as { __authkeyApiActor?: AsyncLocalStorage<ApiActor> }).__authkeyApiActor ??= new AsyncLocalStorage<ApiActor>());

export function runAsApiToken<T>(actor: ApiActor, fn: () => Promise<T>): Promise<T> {
  return store.run(actor, fn);
}

export function currentApiActor(): ApiActor | undefined {
  return store.getStore();
}
