import 'server-only';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { bodyLimitFor, CLIENT_ADDRESS_HEADER, FORWARDED_HEADERS, trustedProxyHops } from '@/lib/security/request-policy';

// The portal's own HTTP server sits in front of Next.js (scripts/portal-server.ts). It does the
// two things only a server holding the socket can do right:
//   1. decide the client's address: the socket's peer, or the proxy's X-Forwarded-For when
//      TRUST_PROXY says a proxy is in front; forwarded headers are dropped otherwise, so a
//      client cannot claim another host, scheme or address;
//   2. hold request bodies to their limits by the bytes actually received, whatever
//      Content-Length or Transfer-Encoding say.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DRAIN_LIMIT = 32 * 1024 * 1024;

/** The client's address as far as this hop can tell (see TRUST_PROXY in the README). */
export function clientAddressOf(req: IncomingMessage, hops = trustedProxyHops()): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (hops === 0) return peer;
  const chain = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Each trusted proxy appended the address it saw; the one `hops` from the right is the client.
  return chain[chain.length - hops] ?? chain[0] ?? peer;
}

/** Rewrites a request's headers in place: forwarded headers only from a trusted proxy, our own address header always. */
export function normaliseHeaders(req: IncomingMessage, hops = trustedProxyHops()): void {
  const address = clientAddressOf(req, hops);
  if (hops === 0) for (const name of FORWARDED_HEADERS) delete req.headers[name];
  req.headers[CLIENT_ADDRESS_HEADER] = address;
}

function tooLarge(res: ServerResponse, limit: number): void {
  const body = JSON.stringify({
    type: 'https://authkey-portal.dev/problems/payload-too-large',
    title: 'The request is too large',
    status: 413,
    detail: `The request body exceeds ${Math.round(limit / 1024)} KB. Nothing was changed.`,
  });
  res.writeHead(413, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Reads an unsafe request's body up to `limit` bytes. Resolves with a fresh IncomingMessage that
 * replays the body to Next.js, or null after answering 413 (the rest of the upload is not read).
 */
export function bufferBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<IncomingMessage | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        tooLarge(res, limit);
        // The rest is read and dropped, so that the client gets the answer instead of a reset,
        // but only so much of it: past DRAIN_LIMIT the connection is cut.
        let drained = 0;
        req.on('data', (more: Buffer) => {
          drained += more.length;
          if (drained > DRAIN_LIMIT) req.socket.destroy();
        });
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => (refused ? undefined : reject(error)));
    req.on('end', () => {
      if (refused) return;
      const replay = new http.IncomingMessage(req.socket);
      replay.method = req.method;
      replay.url = req.url;
      replay.httpVersion = req.httpVersion;
      replay.httpVersionMajor = req.httpVersionMajor;
      replay.httpVersionMinor = req.httpVersionMinor;
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      replay.headers = headers;
      replay.rawHeaders = Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v.flatMap((x) => [k, x]) : [k, String(v ?? '')]));
      replay.push(body);
      replay.push(null);
      replay.complete = true;
      resolve(replay);
    });
  });
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Wraps Next's request handler with the address and body rules above. */
export function frontDoor(next: Handler, onError: (error: unknown) => void = () => undefined): Handler {
  return async (req, res) => {
    try {
      normaliseHeaders(req);
      if (!UNSAFE.has((req.method ?? 'GET').toUpperCase())) return await next(req, res);
      const pathname = new URL(req.url ?? '/', 'http://portal').pathname;
      const replay = await bufferBody(req, res, bodyLimitFor(pathname));
      if (replay) await next(replay, res);
    } catch (error) {
      onError(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The portal could not handle this request.');
      }
    }
  };
}
