import { ApiProblem } from './problem';

// Opaque pagination cursors: base64url JSON, so that clients pass them back and never build them.

export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The cursor's fields, or null when it is not one of ours (a 400 for the caller). */
export function decodeCursor<T extends Record<string, string | number>>(cursor: string, shape: { [K in keyof T]: 'string' | 'number' }): T | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const [name, type] of Object.entries(shape)) if (typeof value[name] !== type) return null;
    return value as T;
  } catch {
    return null;
  }
}

/** The query's cursor decoded, `start` without one; a cursor that is not ours is a 400. */
export function cursorOr400<T extends Record<string, string | number>, S extends T | null>(cursor: string | undefined, shape: { [K in keyof T]: 'string' | 'number' }, start: S): T | S {
  if (!cursor) return start;
  const value = decodeCursor<T>(cursor, shape);
  if (!value) throw new ApiProblem('invalid-request', 'The cursor is not valid.', { errors: { 'query.cursor': ['Pass the nextCursor of the previous page.'] } });
  return value;
}
