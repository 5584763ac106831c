import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { frontDoor } from './front-door';

// The real door on a real socket, with a handler standing in for Next.js that echoes what it got.
type Seen = { headers: http.IncomingHttpHeaders; body: string };
const seen: Seen[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer(
    frontDoor(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  seen.length = 0;
  delete process.env.TRUST_PROXY;
});

function send(path: string, opts: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method: opts.method ?? 'GET', headers: opts.headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (c: Buffer) => parts.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    for (const chunk of opts.chunks ?? []) request.write(chunk);
    request.end();
  });
}

describe('the client address and forwarded headers', () => {
  it('without TRUST_PROXY, drops every forwarded header and names the socket peer, whatever the client claims', async () => {
    await send('/keys', { headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', Forwarded: 'for=1.2.3.4', 'X-Authkey-Client-Address': '6.6.6.6' } });
    const [{ headers }] = seen;
    for (const name of ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded']) expect(headers[name], name).toBeUndefined();
    expect(headers['x-authkey-client-address']).toMatch(/127\.0\.0\.1$/);
  });

  it('with TRUST_PROXY=1, believes the address the proxy appended, not what the client put before it', async () => {
    process.env.TRUST_PROXY = '1';
    await send('/keys', { headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9', 'X-Forwarded-Proto': 'https' } });
    expect(seen[0].headers['x-authkey-client-address']).toBe('203.0.113.9');
    expect(seen[0].headers['x-forwarded-proto']).toBe('https');
    process.env.TRUST_PROXY = '2';
    await send('/keys', { headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9, 10.0.0.2' } });
    expect(seen[1].headers['x-authkey-client-address']).toBe('203.0.113.9');
  });
});

describe('body limits, by the bytes received', () => {
  it('passes a chunked body under the limit through whole, with its real length', async () => {
    const body = 'a'.repeat(700_000);
    const answer = await send('/keys/new', { method: 'POST', chunks: [Buffer.from(body.slice(0, 300_000)), Buffer.from(body.slice(300_000))] });
    expect(answer.status).toBe(200);
    expect(seen[0].body).toBe(body);
    expect(seen[0].headers['content-length']).toBe('700000');
    expect(seen[0].headers['transfer-encoding']).toBeUndefined();
  });

  it('answers 413 to a chunked body over the limit, and the request never reaches Next.js', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'b');
    const answer = await send('/keys/new', { method: 'POST', chunks: Array.from({ length: 20 }, () => chunk) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 413, title: 'The request is too large' });
    expect(seen).toEqual([]);
  });

  it('gives the bulk CSV upload 2 MB and every other form 1 MB, whatever Content-Length says', async () => {
    const mb = Buffer.alloc(1024 * 1024 + 1, 'c');
    expect((await send('/provisioning/k/bulk', { method: 'POST', chunks: [mb] })).status).toBe(200);
    expect((await send('/provisioning/k/users/new', { method: 'POST', chunks: [mb] })).status).toBe(413);
    // A lying Content-Length does not help: the body is cut off at the limit, not at the header.
    expect((await send('/keys/new', { method: 'POST', headers: { 'Content-Length': String(mb.length) }, chunks: [mb] })).status).toBe(413);
  });
});
