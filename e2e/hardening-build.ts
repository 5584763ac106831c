import fs from 'node:fs';
import path from 'node:path';

// What the production build under test contains, so specs cover pages and actions added later.
export const distDir = path.resolve(process.env.NEXT_DIST_DIR || '.next');
export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

export type BuiltAction = { id: string; exportedName: string; route: string };

function readJson<T>(...parts: string[]): T {
  return JSON.parse(fs.readFileSync(path.join(distDir, ...parts), 'utf8')) as T;
}

/** The page route a worker ('app/(portal)/keys/[keyId]/page') serves, with ids filled in. */
export function workerRoute(worker: string): string {
  const route = '/' + worker.replace(/^app\//, '').replace(/\/page$/, '').split('/').filter((s) => !s.startsWith('(')).join('/');
  return route.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, PLACEHOLDER_ID).replace(/\/+$/, '') || '/';
}

/** Every server action in the server-reference manifest, with a page that serves it. */
export function manifestActions(): BuiltAction[] {
  const manifest = readJson<{ node: Record<string, { workers: Record<string, unknown>; exportedName?: string }> }>('server', 'server-reference-manifest.json');
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, exportedName: entry.exportedName ?? '?', route: workerRoute(Object.keys(entry.workers)[0]) }));
}

/** Every action id the browser bundle can call: createServerReference("<42 hex>", ...). */
export function clientBundleActionIds(): string[] {
  const ids = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/createServerReference\)?\(\s*["']([0-9a-f]{40,42})["']/g)) ids.add(m[1]);
      }
    }
  };
  walk(path.join(distDir, 'static', 'chunks'));
  return [...ids];
}

/** Every page route of the build, as written ('/keys/[keyId]'). */
export function builtPageRoutes(): string[] {
  const manifest = readJson<Record<string, string>>('app-path-routes-manifest.json');
  return (
    Object.entries(manifest)
      .filter(([entry]) => entry.endsWith('/page'))
      .map(([, route]) => route)
      // Next's built-in error pages (/_not-found, /_global-error) are not routes a user visits.
      .filter((route) => !route.startsWith('/_'))
  );
}

/** Every page route, with placeholder ids filled in. */
export function builtPages(): string[] {
  return builtPageRoutes().map((route) => route.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, PLACEHOLDER_ID));
}

export function builtRouteHandlers(): string[] {
  const manifest = readJson<Record<string, string>>('app-path-routes-manifest.json');
  return Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/route'))
    .map(([, route]) => route);
}

/**
 * An action call as React 19 sends it: "_1_<field>" parts hold the form's fields and part "0"
 * the arguments, last (the server decodes "0" as soon as it arrives, so the fields go first).
 */
export function actionBody(fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(`_1_${k}`, v);
  body.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  return body;
}
