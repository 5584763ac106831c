import { describe, expect, it } from 'vitest';
import { bodyTooLarge, contentSecurityPolicy, isHttps, originProblem, parseAllowedOrigins, securityHeaders } from './request-policy';

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

  it('accepts a reverse proxy from X-Forwarded-* or ALLOWED_ORIGINS', () => {
    const forwarded = { host: 'localhost:3000', 'x-forwarded-host': 'portal.example.com', 'x-forwarded-proto': 'https', origin: 'https://portal.example.com' };
    expect(originProblem(req('POST', forwarded), [])).toBeNull();
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
    expect(isHttps({ url: 'http://x/', headers: new Headers({ 'x-forwarded-proto': 'https' }) })).toBe(true);
  });

  it('limits forms to 1 MB and the bulk CSV upload to 2 MB', () => {
    const post = (len: number) => req('POST', { 'content-length': String(len) });
    expect(bodyTooLarge(post(1024 * 1024), '/keys/new')).toBe(false);
    expect(bodyTooLarge(post(1024 * 1024 + 1), '/keys/new')).toBe(true);
    expect(bodyTooLarge(post(2 * 1024 * 1024), '/provisioning/bulk')).toBe(false);
    expect(bodyTooLarge(post(2 * 1024 * 1024 + 1), '/provisioning/bulk')).toBe(true);
    expect(bodyTooLarge(post(2 * 1024 * 1024), '/provisioning/3f1c0b7e-0000-4000-8000-000000000000/bulk')).toBe(false);
    expect(bodyTooLarge(post(2 * 1024 * 1024), '/provisioning/3f1c0b7e-0000-4000-8000-000000000000/users')).toBe(true);
  });
});
