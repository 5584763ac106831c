import { expect } from './fixtures';
import type { Page } from '@playwright/test';

export type RecordedBody = { url: string; body: Buffer };

/**
 * Keeps every answer the page receives, for the specs that prove a value never leaves the server.
 * Chromium keeps no copy of a streamed fetch (server actions, RSC payloads) for response.body(),
 * so those pass through here: fetched by the test, recorded, then handed to the page unchanged.
 * Documents are read as they arrive. `settled()` waits for the reads under way (the browser forgets
 * a page's responses when it navigates) and fails if any answer could not be read, so a check over
 * the bodies cannot pass because a body went missing.
 */
export async function recordResponses(page: Page) {
  const bodies: RecordedBody[] = [];
  const unread: string[] = [];
  const reads: Promise<void>[] = [];
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'fetch') return route.fallback();
    let response: Awaited<ReturnType<typeof route.fetch>>;
    try {
      response = await route.fetch({ maxRedirects: 0 });
    } catch {
      // The page closed, or the server could not be reached: the page sees a network error, as it would have.
      return route.abort('failed').catch(() => undefined);
    }
    let body: Buffer;
    try {
      body = await response.body();
    } catch {
      // The context closed between the fetch and the read (the test ended during a prefetch). An
      // answer the test could not read counts as unread, so a check made after this still fails.
      unread.push(route.request().url());
      return route.abort('failed').catch(() => undefined);
    }
    bodies.push({ url: route.request().url(), body });
    await route.fulfill({ response, body }).catch(() => undefined); // The page may have closed meanwhile.
  });
  page.on('response', (response) => {
    // Build output predates the test, so it cannot hold a value made during it (and may come from cache).
    if (response.request().resourceType() === 'fetch' || response.url().includes('/_next/static/')) return;
    const redirect = response.status() >= 300 && response.status() < 400;
    reads.push(
      response.body().then(
        (body) => void bodies.push({ url: response.url(), body }),
        () => void (redirect ? undefined : unread.push(response.url())), // Redirects have no body.
      ),
    );
  });
  return {
    bodies,
    async settled(): Promise<RecordedBody[]> {
      await Promise.all(reads);
      expect(unread, 'every answer the page received was read').toEqual([]);
      return bodies;
    },
  };
}
