import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, ENTRA_TEMPLATE_HEADERS, parseBulkCsv, SAVE_AS_UTF8 } from './bulk-csv';

const HEADER = ENTRA_TEMPLATE_HEADERS.slice(0, 4).join(',');
const file = (...rows: string[]) => ['version:v1.0', HEADER, ...rows].join('\n');

describe('parseBulkCsv refuses a file that does not parse cleanly, naming the line', () => {
  it('an unterminated quote: the whole file, not a cell that swallows later passwords', () => {
    const result = parseBulkCsv(file('Ann,ann@contoso.com,Passw0rd!ann,No', '"Bob,bob@contoso.com,Passw0rd!bob,No', 'Cy,cy@contoso.com,Secret!Cy99,No'));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Line 4: a quoted value is never closed/) });
    expect(JSON.stringify(result)).not.toContain('Secret!Cy99');
  });

  it('a row with more values than the header has columns (line numbers count blank lines)', () => {
    const result = parseBulkCsv(file('Ann,ann@contoso.com,Passw0rd!ann,No', '', 'Bob,bob@contoso.com,Passw0rd!bob,No,surprise'));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Line 5: the row has more values than the header row has columns \(5 values, 4 columns\)/) });
  });

  it('accepts trailing empty cells, CRLF line ends, a BOM and quoted values', () => {
    const result = parseBulkCsv('\uFEFF' + ['version:v1.0', HEADER, 'Ann,"ann@contoso.com",Passw0rd!ann,No,,', '"Müller, Jo",jo@contoso.com,"Pass,w0rd!x",No'].join('\r\n'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.userPrincipalName, r.payload.user.displayName, r.password, r.errors])).toEqual([
      ['ann@contoso.com', 'Ann', 'Passw0rd!ann', []],
      ['jo@contoso.com', 'Müller, Jo', 'Pass,w0rd!x', []],
    ]);
  });

  it('a file whose values are not separated at all', () => {
    expect(parseBulkCsv('one column only\nfoo\n')).toEqual({ ok: false, message: expect.stringMatching(/^Line 1: the values are not separated/) });
  });
});

describe('decodeCsvBytes decodes strictly as UTF-8', () => {
  it('refuses Latin-1 with the way to save the file right, instead of storing "Jos� M�ller"', () => {
    const latin1 = Buffer.from(file('José Müller,jose@contoso.com,Passw0rd!x,No'), 'latin1');
    const result = decodeCsvBytes(latin1);
    expect(result).toEqual({ ok: false, message: expect.stringContaining(SAVE_AS_UTF8) });
  });

  it('refuses UTF-16, NUL characters and text already holding replacement characters', () => {
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name', 'utf16le')]))).toMatchObject({ ok: false, message: expect.stringContaining('UTF-16') });
    expect(decodeCsvBytes(Buffer.from('a\u0000b'))).toMatchObject({ ok: false, message: expect.stringContaining('NUL') });
    expect(decodeCsvBytes(Buffer.from('Jos\uFFFD'))).toMatchObject({ ok: false, message: expect.stringContaining('mangled') });
  });

  it('decodes UTF-8, with or without a BOM', () => {
    expect(decodeCsvBytes(Buffer.from('José Müller'))).toEqual({ ok: true, text: 'José Müller' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('José')]))).toEqual({ ok: true, text: 'José' });
  });
});
