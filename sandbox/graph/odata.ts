import type { PropertyDef } from './schema';
import { GraphError, graphErrors } from './errors';
import { json, type GraphRequest, type GraphResponse } from './types';

type Entity = Record<string, unknown>;
type Predicate = (item: Entity) => boolean;

const ALLOWED_OPTIONS = new Set(['$select', '$filter', '$top', '$count', '$skiptoken', '$orderby']);
const DEFAULT_PAGE_SIZE = 100;

/** $select: every name must be a known property; otherwise 400 like Graph. */
export function parseSelect(req: GraphRequest, defs: Record<string, PropertyDef>, entity: string, defaults: string[]): string[] {
  const raw = req.query.get('$select');
  if (!raw) return defaults;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!defs[name] || name === 'passwordProfile') {
      throw graphErrors.badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${entity}'.`, 'BadRequest');
    }
  }
  return names;
}

export function project(item: Entity, select: string[]): Entity {
  const out: Entity = {};
  for (const name of select) out[name] = item[name] ?? null;
  return out;
}

// ---- $filter: eq / ne / startswith, combined with and / or (and binds tighter) ----

function tokenize(expr: string): string[] {
  const tokens: string[] = [];
  const re = /\s*('(?:[^']|'')*'|\(|\)|,|[^\s(),']+)/gy;
  let end = 0;
  for (let m = re.exec(expr); m && m[1]; m = re.exec(expr)) {
    tokens.push(m[1]);
    end = re.lastIndex; // a failed exec resets lastIndex, so remember where the last token ended
  }
  if (expr.slice(end).trim()) throw graphErrors.badRequest(`Invalid filter clause: ${expr}`, 'BadRequest');
  return tokens;
}

function literal(token: string | undefined): string | boolean | null {
  if (token === undefined) throw graphErrors.badRequest('Invalid filter clause: missing value.', 'BadRequest');
  if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
  if (token === 'true' || token === 'false') return token === 'true';
  if (token === 'null') return null;
  throw graphErrors.badRequest(`Invalid filter clause: unexpected '${token}'.`, 'BadRequest');
}

const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v ?? null);

export function parseFilter(expr: string, filterable: Set<string>, resource: string): Predicate {
  const tokens = tokenize(expr);
  let pos = 0;
  const property = (name: string | undefined): string => {
    if (!name || !filterable.has(name)) {
      throw graphErrors.unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${name}' of resource '${resource}'.`);
    }
    return name;
  };
  const clause = (): Predicate => {
    const head = tokens[pos++];
    if (head?.toLowerCase() === 'startswith') {
      if (tokens[pos++] !== '(') throw graphErrors.badRequest('Invalid filter clause: expected (.', 'BadRequest');
      const prop = property(tokens[pos++]);
      if (tokens[pos++] !== ',') throw graphErrors.badRequest('Invalid filter clause: expected ,.', 'BadRequest');
      const value = literal(tokens[pos++]);
      if (tokens[pos++] !== ')') throw graphErrors.badRequest('Invalid filter clause: expected ).', 'BadRequest');
      if (typeof value !== 'string') throw graphErrors.badRequest('startswith needs a string.', 'BadRequest');
      const prefix = value.toLowerCase();
      return (item) => typeof item[prop] === 'string' && (item[prop] as string).toLowerCase().startsWith(prefix);
    }
    const prop = property(head);
    const op = tokens[pos++]?.toLowerCase();
    const value = norm(literal(tokens[pos++]));
    if (op === 'eq') return (item) => norm(item[prop]) === value;
    if (op === 'ne') return (item) => norm(item[prop]) !== value;
    throw graphErrors.unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${prop}' of resource '${resource}'.`);
  };
  const conjunction = (): Predicate => {
    const parts = [clause()];
    while (tokens[pos]?.toLowerCase() === 'and') { pos++; parts.push(clause()); }
    return (item) => parts.every((p) => p(item));
  };
  const alternatives = [conjunction()];
  while (tokens[pos]?.toLowerCase() === 'or') { pos++; alternatives.push(conjunction()); }
  if (pos !== tokens.length) throw graphErrors.badRequest(`Invalid filter clause: ${expr}`, 'BadRequest');
  return (item) => alternatives.some((p) => p(item));
}

function eventual(req: GraphRequest): boolean {
  return (req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
}

export interface CollectionOptions {
  baseUrl: string;
  entity: string;
  resource: string;
  defs: Record<string, PropertyDef>;
  defaults: string[];
  filterable: Set<string>;
  /** OData context fragment, e.g. "users". */
  contextPath: string;
}

function filtered(req: GraphRequest, items: Entity[], opts: CollectionOptions): Entity[] {
  const filter = req.query.get('$filter');
  let result = filter ? items.filter(parseFilter(filter, opts.filterable, opts.resource)) : [...items];
  const orderby = req.query.get('$orderby');
  if (orderby) {
    const [prop, dir = 'asc'] = orderby.trim().split(/\s+/);
    if (!['displayName', 'userPrincipalName'].includes(prop) || !['asc', 'desc'].includes(dir.toLowerCase())) {
      throw graphErrors.unsupportedQuery(`Sorting by '${orderby}' is not supported.`);
    }
    const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
    result = result.sort((a, b) => sign * String(a[prop] ?? '').localeCompare(String(b[prop] ?? '')));
  }
  return result;
}

/** GET on a collection: $filter, $orderby, $count (with ConsistencyLevel), $top, $skiptoken paging, $select. */
export function listCollection(req: GraphRequest, items: Entity[], opts: CollectionOptions): GraphResponse {
  for (const key of req.query.keys()) {
    if (key.startsWith('$') && !ALLOWED_OPTIONS.has(key)) throw graphErrors.badRequest(`Query option '${key}' is not supported by the sandbox.`, 'BadRequest');
  }
  const select = parseSelect(req, opts.defs, opts.entity, opts.defaults);
  const wantsCount = req.query.get('$count') === 'true';
  if (wantsCount && !eventual(req)) throw graphErrors.badRequest('$count is not currently supported.');
  const rawTop = req.query.get('$top');
  const top = rawTop === null ? DEFAULT_PAGE_SIZE : Number(rawTop);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw graphErrors.badRequest(`Invalid page size specified: '${rawTop}'. Must be between 1 and 999 inclusive.`);
  }
  const offset = decodeSkipToken(req.query.get('$skiptoken'));
  const all = filtered(req, items, opts);
  const page = all.slice(offset, offset + top);
  const body: Record<string, unknown> = { '@odata.context': `${opts.baseUrl}/v1.0/$metadata#${opts.contextPath}` };
  if (wantsCount) body['@odata.count'] = all.length;
  if (offset + top < all.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', encodeSkipToken(offset + top));
    // Graph writes the system query options with a literal "$"; keep the link looking the same.
    body['@odata.nextLink'] = `${opts.baseUrl}/v1.0${req.path}?${next.toString().replace(/%24/g, '$')}`;
  }
  body.value = page.map((item) => project(item, select));
  return json(200, body);
}

/** GET /{collection}/$count: a plain-text number, which needs ConsistencyLevel: eventual. */
export function countCollection(req: GraphRequest, items: Entity[], opts: CollectionOptions): GraphResponse {
  if (!eventual(req)) throw graphErrors.badRequest('$count is not currently supported.');
  return { status: 200, body: String(filtered(req, items, opts).length), headers: { 'Content-Type': 'text/plain' } };
}

// The skiptoken is opaque to clients, as Graph's is; here it only carries an offset.
function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString('base64url');
}

function decodeSkipToken(token: string | null): number {
  if (!token) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new GraphError(400, 'Directory_InvalidSkipToken', 'The specified page token value has expired and can no longer be included in your request.');
}
