import { describe, expect, it } from 'vitest';
import { bodyLimitFor, contentSecurityPolicy, isHttps, originProblem, parseAllowedOrigins, securityHeaders, trustedProxyHops, withApiSecurityHeaders } from './request-policy';

const req = (method: string, headers: Record<string, string>, url = 'http://localhost:3000/keys') => ({ method, url, headers: new Headers(headers) });

describe('originProblem', () => {
  it('lets reads through and holds writes to the portal origin', () => {
    expect(originProblem(req('GET', {}), [])).toBeNull();
    expect(originProblem(req('POST', { host: 'localhost:3000', origin: 'http://localhost:3000' }), [])).toBeNull();
    expect(originProblem(req('POST', { host: 'localhost:3000' }), [])).toBe('missing Origin');
    expect(originProblem(req('POST', { host: 'localhost:3000', origin: 'null' }), [])).toBe('missing Origin');
    expect(originProblem(req('POST', { host: 'localhost:3000', origin: 'http://evil.test' }), [])).toMatch(/foreign/);
    // Same host, other scheme: not the same origin.
    expect(originProblem(req('POST', { host: 'localhost:3000', origin: 'https://localhost:3000' }), [])).toMatch(/foreign/);
  });

  it('accepts a reverse proxy from X-Forwarded-* only with TRUST_PROXY, or from ALLOWED_ORIGINS', () => {
    const forwarded = { host: 'localhost:3000', 'x-forwarded-host': 'portal.example.com', 'x-forwarded-proto': 'https', origin: 'https://portal.example.com' };
    expect(originProblem(req('POST', forwarded), [], true)).toBeNull();
    // Without a proxy configured, anyone could send X-Forwarded-Host: it is ignored.
    expect(originProblem(req('POST', forwarded), [], false)).toMatch(/foreign Origin https:\/\/portal\.example\.com/);
    expect(originProblem(req('POST', { ...forwarded, origin: 'http://localhost:3000' }), [], false)).toBeNull();
    const allowed = parseAllowedOrigins(' https://Portal.Example.com/ , https://other.example.com');
    expect(allowed).toEqual(['https://portal.example.com', 'https://other.example.com']);
    expect(originProblem(req('POST', { host: 'internal:3000', origin: 'https://portal.example.com' }), allowed)).toBeNull();
  });
});

describe('headers', () => {
  it('builds a nonce CSP and adds HSTS only over https', () => {
    const csp = contentSecurityPolicy('abc', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    for (const d of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
    expect(csp).not.toContain('unsafe-eval');
    expect(securityHeaders({ csp, https: false, html: true })).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders({ csp, https: true, html: true })['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    expect(securityHeaders({ csp, https: false, html: true })['Cache-Control']).toBe('no-store');
    expect(isHttps({ url: 'http://x/', headers: new Headers({ 'x-forwarded-proto': 'https' }) }, true)).toBe(true);
    expect(isHttps({ url: 'http://x/', headers: new Headers({ 'x-forwarded-proto': 'https' }) }, false)).toBe(false);
  });

  it('gives the API’s answers, which the proxy does not see, a CSP that renders nothing and the other headers', () => {
    const answer = withApiSecurityHeaders(Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } }), req('GET', {}, 'http://localhost:3000/api/v1/token-info'));
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    const overHttps = withApiSecurityHeaders(new Response(null, { status: 204 }), req('GET', {}, 'https://portal.example.com/api/v1/token-info'));
    expect(overHttps.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('limits forms to 1 MB and the bulk CSV upload to 2 MB', () => {
    expect(bodyLimitFor('/keys/new')).toBe(1024 * 1024);
    expect(bodyLimitFor('/provisioning/bulk')).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor('/provisioning/3f1c0b7e-0000-4000-8000-000000000000/bulk')).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor('/provisioning/3f1c0b7e-0000-4000-8000-000000000000/users')).toBe(1024 * 1024);
    // The automation API: a bulk CSV may be 2 MB, every JSON body 1 MB.
    expect(bodyLimitFor('/api/v1/authkeys/3f1c0b7e-0000-4000-8000-000000000000/bulk-jobs')).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor('/api/v1/authkeys/3f1c0b7e-0000-4000-8000-000000000000/users')).toBe(1024 * 1024);
  });
});

describe('TRUST_PROXY', () => {
  it('reads off, on and a number of hops, and refuses anything else', () => {
    for (const v of [undefined, '', '0', 'off', 'false']) expect(trustedProxyHops(v)).toBe(0);
    for (const v of ['1', 'on', 'true']) expect(trustedProxyHops(v)).toBe(1);
    expect(trustedProxyHops('2')).toBe(2);
    expect(() => trustedProxyHops('maybe')).toThrow(/TRUST_PROXY/);
  });
});
