import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { expect, type APIRequestContext } from '@playwright/test';

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: unknown };
export type Call = { status: number; headers: Record<string, string>; text: string; json: unknown };

/**
 * Calls /api/v1 over real HTTP and checks every answer against the served OpenAPI document:
 * the operation must be in it, its status documented, and a JSON body valid for the schema.
 */
export class ApiClient {
  readonly bodies: { url: string; body: string }[] = [];
  readonly validated = new Set<string>();
  private doc: Doc | null = null;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly request: APIRequestContext) {
    addFormats(this.ajv);
  }

  async load(token: string) {
    const r = await this.request.get('/api/v1/openapi.json', { headers: { authorization: `Bearer ${token}` } });
    expect(r.status()).toBe(200);
    this.doc = (await r.json()) as Doc;
    return this.doc;
  }

  operations(): string[] {
    return Object.values(this.doc!.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  }

  async call(token: string | null, method: string, path: string, opts: { json?: unknown; csv?: string; raw?: string; type?: string; headers?: Record<string, string> } = {}): Promise<Call> {
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...opts.headers };
    let data: string | undefined;
    const body = opts.json !== undefined ? { type: 'application/json', data: JSON.stringify(opts.json) } : opts.csv !== undefined ? { type: 'text/csv', data: opts.csv } : opts.raw !== undefined ? { type: opts.type ?? 'text/plain', data: opts.raw } : null;
    if (body) {
      headers['content-type'] ??= body.type;
      data = body.data;
    }
    const r = await this.request.fetch(`/api/v1${path}`, { method, headers, data, maxRedirects: 0 });
    const text = await r.text();
    this.bodies.push({ url: `${method} ${path}`, body: text });
    const type = r.headers()['content-type'] ?? '';
    const call: Call = { status: r.status(), headers: r.headers(), text, json: type.includes('json') && text ? JSON.parse(text) : null };
    this.check(method, path, call);
    return call;
  }

  private check(method: string, path: string, call: Call) {
    const pathname = path.split('?')[0];
    const entry = Object.entries(this.doc!.paths).find(([template]) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
    expect(entry, `${pathname} is in the OpenAPI document`).toBeTruthy();
    const op = entry![1][method.toLowerCase()];
    expect(op, `${method} ${entry![0]} is in the OpenAPI document`).toBeTruthy();
    // The proxy does not run for /api/v1: the handlers set these themselves (the front door's
    // 413 for an oversized body is answered before any handler).
    if (call.status !== 413) {
      expect(call.headers['x-content-type-options'], `${method} ${pathname}: nosniff`).toBe('nosniff');
      expect(call.headers['content-security-policy'], `${method} ${pathname}: CSP`).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    const response = op.responses[String(call.status)];
    expect(response, `${op.operationId} documents status ${call.status} (${call.text.slice(0, 200)})`).toBeTruthy();
    const contentType = (call.headers['content-type'] ?? '').split(';')[0];
    if (!response.content) return void this.validated.add(`${op.operationId} ${call.status}`);
    const media = response.content[contentType];
    expect(media, `${op.operationId} ${call.status} documents ${contentType}`).toBeTruthy();
    if (contentType.includes('json')) {
      const validate = this.ajv.compile({ ...(media.schema as object), components: this.doc!.components });
      expect(validate(call.json), `${op.operationId} ${call.status} matches its schema: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    this.validated.add(`${op.operationId} ${call.status}`);
  }
}
