import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';
import { httpsCall } from '../test-utils/https-client';

let sbx: TestSandbox;
let token: string;
beforeAll(async () => {
  sbx = await startTestSandbox();
  token = await sbx.appToken('Pliant Automation');
});
afterEach(async () => { await sbx.admin('DELETE', '/faults'); });
afterAll(async () => { await sbx?.close(); });

const domain = 'contoso-sandbox.onmicrosoft.com';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const batch = (requests: unknown[]) => sbx.graph(token, 'POST', '/$batch', { requests });
const byId = (responses: Array<{ id: string }>) => Object.fromEntries(responses.map((r) => [r.id, r])) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('$batch', () => {
  it('runs sub-requests, matched by id, with 424 for a failed dependency', async () => {
    const res = await batch([
      { id: '1', method: 'GET', url: `/users/megan.bowen@${domain}?$select=displayName` },
      { id: '2', method: 'GET', url: `/users/nobody@${domain}` },
      { id: '3', method: 'PATCH', url: `/users/megan.bowen@${domain}`, headers: { 'Content-Type': 'application/json' }, body: { jobTitle: 'Batch' }, dependsOn: ['2'] },
      { id: '4', method: 'PATCH', url: `/users/megan.bowen@${domain}`, headers: { 'Content-Type': 'application/json' }, body: { officeLocation: 'Batch' }, dependsOn: ['1'] },
      { id: '5', method: 'GET', url: 'organization' },
    ]);
    expect(res.status).toBe(200);
    const r = byId(res.json.responses);
    expect(Object.keys(r).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(r['1']).toMatchObject({ status: 200, body: { displayName: 'Megan Bowen' } });
    expect(r['2'].status).toBe(404);
    expect(r['2'].body.error.code).toBe('Request_ResourceNotFound');
    expect(r['3'].status).toBe(424);
    expect(r['4'].status).toBe(204);
    expect(r['5'].status).toBe(200);
    for (const sub of res.json.responses) expect(sub.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const state = await sbx.admin('GET', `/state/users?upn=megan.bowen@${domain}`);
    expect(state.json).toMatchObject({ officeLocation: 'Batch', jobTitle: 'Marketing Manager' });
  });

  it('does not promise request order: clients must match by id', async () => {
    const requests = Array.from({ length: 12 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' }));
    const orders: string[] = [];
    for (let i = 0; i < 4; i++) orders.push((await batch(requests)).json.responses.map((x: { id: string }) => x.id).join(','));
    expect(orders.some((o) => o !== requests.map((x) => x.id).join(','))).toBe(true);
  });

  it.each([
    ['21 requests', Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' }))],
    ['duplicate ids', [{ id: '1', method: 'GET', url: '/organization' }, { id: '1', method: 'GET', url: '/users' }]],
    ['an absolute URL', [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' }]],
    ['a body without Content-Type', [{ id: '1', method: 'PATCH', url: `/users/megan.bowen@${domain}`, body: { jobTitle: 'x' } }]],
    ['dependsOn an unknown id', [{ id: '1', method: 'GET', url: '/organization', dependsOn: ['9'] }]],
  ])('fails the whole batch with 400 for %s', async (_name, requests) => {
    const res = await batch(requests);
    expect(res.status).toBe(400);
    expect(res.json.error.innerError['request-id']).toBe(res.headers['request-id']);
  });

  it('answers a throttled sub-request with 429 and its own Retry-After', async () => {
    await sbx.admin('POST', '/faults', { writeLimit: { count: 2, windowSeconds: 2 } });
    const patch = (id: string) => ({ id, method: 'PATCH', url: `/users/lee.gu@${domain}`, headers: { 'Content-Type': 'application/json' }, body: { jobTitle: `T${id}` } });
    const res = await batch([patch('a'), patch('b'), patch('c'), { id: 'd', method: 'GET', url: '/organization' }]);
    const r = byId(res.json.responses);
    expect([r.a.status, r.b.status, r.c.status, r.d.status]).toEqual([204, 204, 429, 200]);
    expect(r.c.body.error.code).toBe('TooManyRequests');
    expect(r.c.headers['Retry-After']).toMatch(/^[1-9]\d*$/);
    const log = await sbx.admin('GET', '/requests');
    expect(log.json.requests.some((e: { batchRequestId?: string; status: number }) => e.batchRequestId === res.headers['request-id'] && e.status === 429)).toBe(true);
  });
});

describe('throttling', () => {
  it('answers a burst over the write limit with 429 whose Retry-After, honoured, lets the next request through', async () => {
    await sbx.admin('POST', '/faults', { writeLimit: { count: 3, windowSeconds: 3 } });
    const patch = (n: number) => sbx.graph(token, 'PATCH', `/users/lee.gu@${domain}`, { jobTitle: `Burst ${n}` });
    const statuses: number[] = [];
    let throttled;
    for (let n = 0; n < 6 && !throttled; n++) {
      const res = await patch(n);
      statuses.push(res.status);
      if (res.status === 429) throttled = res;
    }
    expect(statuses).toEqual([204, 204, 204, 429]);
    expect(throttled!.json.error.code).toBe('TooManyRequests');
    const retryAfter = Number(throttled!.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    // Reads are not writes: they still pass while writes are throttled.
    expect((await sbx.graph(token, 'GET', '/organization')).status).toBe(200);
    await sleep(retryAfter * 1000);
    expect((await patch(99)).status).toBe(204);
  });
});

describe('injected faults and latency', () => {
  it('forces a status on matching requests for a number of times', async () => {
    await sbx.admin('POST', '/faults', { forced: [{ method: 'GET', pathPattern: '^/v1\\.0/organization', status: 503, times: 1 }] });
    const first = await sbx.graph(token, 'GET', '/organization');
    expect(first.status).toBe(503);
    expect(first.json.error.code).toBe('ServiceUnavailable');
    expect(first.headers['retry-after']).toBe('1');
    expect((await sbx.graph(token, 'GET', '/organization')).status).toBe(200);
  });

  it('applies forced faults to a whole $batch and to matching sub-requests', async () => {
    await sbx.admin('POST', '/faults', { forced: [
      { method: 'POST', pathPattern: '^/v1\\.0/\\$batch$', status: 504, times: 1 },
      { pathPattern: '^/v1\\.0/subscribedSkus', status: 500, code: 'UnknownError', message: 'boom' },
    ] });
    const requests = [{ id: '1', method: 'GET', url: '/subscribedSkus' }, { id: '2', method: 'GET', url: '/organization' }];
    expect((await batch(requests)).status).toBe(504);
    const r = byId((await batch(requests)).json.responses);
    expect(r['1'].status).toBe(500);
    expect(r['1'].body.error).toMatchObject({ code: 'UnknownError', message: 'boom' });
    expect(r['2'].status).toBe(200);
  });

  it('fails every request at rate 1 with 429 or 503, and stops after DELETE /_sandbox/faults', async () => {
    await sbx.admin('POST', '/faults', { rate: 1 });
    for (let i = 0; i < 5; i++) {
      const res = await sbx.graph(token, 'GET', '/organization');
      expect([429, 503]).toContain(res.status);
      expect(res.headers['retry-after']).toBe('1');
    }
    await sbx.admin('DELETE', '/faults');
    expect((await sbx.graph(token, 'GET', '/organization')).status).toBe(200);
  });

  it('delays requests by the configured latency', async () => {
    await sbx.admin('POST', '/faults', { latencyMs: 250 });
    const started = Date.now();
    await sbx.graph(token, 'GET', '/organization');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('bearer token checks and request ids', () => {
  it('401 InvalidAuthenticationToken for a missing, malformed or foreign token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const real = token.split('.');
    const forged = `${real[0]}.${real[1]}.${sign('sha256', Buffer.from(`${real[0]}.${real[1]}`), privateKey).toString('base64url')}`;
    for (const bad of ['', 'not-a-jwt', forged]) {
      const res = await sbx.graph(bad, 'GET', '/users');
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('InvalidAuthenticationToken');
      expect(res.json.error.innerError['request-id']).toBe(res.headers['request-id']);
    }
  });

  it('puts a request-id header on every kind of response', async () => {
    const responses = [
      await sbx.graph(token, 'GET', '/users?$top=1'),
      await sbx.graph(token, 'GET', '/nonsense'),
      await sbx.tokenRequest(sbx.contoso.id, { grant_type: 'client_credentials' }),
      await sbx.admin('GET', '/requests?since=0'),
      await httpsCall(sbx.ca, 'GET', `${sbx.url}/nowhere`),
    ];
    for (const res of responses) expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(responses[1].status).toBe(400);
    expect(new Set(responses.map((r) => r.headers['request-id'])).size).toBe(responses.length);
  });
});
