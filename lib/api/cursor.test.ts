import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { ApiProblem, fieldErrors } from './problem';

describe('cursors and problems', () => {
  it('round-trips a cursor and refuses one that is not ours', () => {
    const c = encodeCursor({ before: 41 });
    expect(decodeCursor<{ before: number }>(c, { before: 'number' })).toEqual({ before: 41 });
    expect(decodeCursor(c, { before: 'string' })).toBeNull();
    expect(decodeCursor('not-base64-json', { before: 'number' })).toBeNull();
  });

  it('answers RFC 9457 problem details with a stable type and the field errors', async () => {
    const p = new ApiProblem('invalid-request', 'Check the fields.', { errors: fieldErrors([{ path: ['displayName'], message: 'Required.' }], 'body') });
    const r = p.toResponse();
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(await r.json()).toEqual({ type: 'https://authkey-portal.dev/problems/invalid-request', title: 'The request is not valid', status: 400, detail: 'Check the fields.', errors: { 'body.displayName': ['Required.'] } });
  });
});
