import Papa from 'papaparse';
import { z } from 'zod';
import { mailNicknameFrom, passwordProblem, USAGE_LOCATION_PATTERN } from './provisioning';

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_CSV_ROWS = 5000;

// Entra's "Bulk create users" template (FACTS.md), then our two optional columns.
export const ENTRA_TEMPLATE_HEADERS = [
  'Name [displayName] Required',
  'User name [userPrincipalName] Required',
  'Initial password [passwordProfile] Required',
  'Block sign in (Yes/No) [accountEnabled] Required',
  'First name [givenName]',
  'Last name [surname]',
  'Job title [jobTitle]',
  'Department [department]',
  'Usage location [usageLocation]',
  'Street address [streetAddress]',
  'State or province [state]',
  'Country or region [country]',
  'Office [physicalDeliveryOfficeName]',
  'City [city]',
  'ZIP or postal code [postalCode]',
  'Office phone [telephoneNumber]',
  'Mobile phone [mobile]',
] as const;
export const EXTRA_TEMPLATE_HEADERS = ['Groups (names or IDs, separated by ;) [groups]', 'License (SKU part number or ID) [license]'] as const;

export function templateCsv(): string {
  const headers = [...ENTRA_TEMPLATE_HEADERS, ...EXTRA_TEMPLATE_HEADERS];
  const example = ['Chris Green', 'chris@contoso.com', 'myPassword1234', 'No', 'Chris', 'Green', '', '', 'US'];
  const row = [...example, ...Array(headers.length - example.length).fill('')];
  return ['version:v1.0', Papa.unparse([headers, row]).split('\r\n').join('\n'), ''].join('\n');
}

/** What one CSV row becomes: the user to create (password apart), its groups and license. */
export type BulkUser = {
  displayName: string;
  userPrincipalName: string;
  mailNickname: string;
  accountEnabled: boolean;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  usageLocation?: string;
  streetAddress?: string;
  state?: string;
  country?: string;
  officeLocation?: string;
  city?: string;
  postalCode?: string;
  businessPhones?: string[];
  mobilePhone?: string;
};
export type BulkPayload = { user: BulkUser; groups: string[]; license: string | null };
export type ParsedRow = { rowNumber: number; userPrincipalName: string; payload: BulkPayload; password: string; errors: string[] };
export type ParsedCsv = { ok: true; rows: ParsedRow[]; ignoredColumns: string[] } | { ok: false; message: string };

const optional = (max: number) => z.string().max(max, `At most ${max} characters.`).optional();

const rowSchema = z.object({
  displayName: z.string().min(1, 'Name is required.').max(256, 'Name: at most 256 characters.'),
  userPrincipalName: z
    .string()
    .min(1, 'User name is required.')
    .max(113, 'User name: at most 113 characters.')
    .regex(/^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'User name must look like name@domain.'),
  password: z.string().min(1, 'Initial password is required.').superRefine((v, ctx) => {
    const problem = v ? passwordProblem(v) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: `Initial password: ${problem}` });
  }),
  blockSignIn: z.enum(['yes', 'no', ''], { message: 'Block sign in must be Yes or No.' }),
  usageLocation: z.string().regex(USAGE_LOCATION_PATTERN, 'Usage location must be a two-letter country code such as US.').optional(),
  givenName: optional(64),
  surname: optional(64),
  jobTitle: optional(128),
  department: optional(64),
  streetAddress: optional(1024),
  state: optional(128),
  country: optional(128),
  officeLocation: optional(128),
  city: optional(128),
  postalCode: optional(40),
  telephoneNumber: optional(64),
  mobilePhone: optional(64),
  groups: optional(2000),
  license: optional(64),
});

// Template property → our field. Office, phones and the password use AD-era names in the template.
const COLUMN_FIELDS: Record<string, keyof z.input<typeof rowSchema>> = {
  displayname: 'displayName',
  userprincipalname: 'userPrincipalName',
  passwordprofile: 'password',
  accountenabled: 'blockSignIn',
  givenname: 'givenName',
  surname: 'surname',
  jobtitle: 'jobTitle',
  department: 'department',
  usagelocation: 'usageLocation',
  streetaddress: 'streetAddress',
  state: 'state',
  country: 'country',
  physicaldeliveryofficename: 'officeLocation',
  city: 'city',
  postalcode: 'postalCode',
  telephonenumber: 'telephoneNumber',
  mobile: 'mobilePhone',
  groups: 'groups',
  license: 'license',
};
const REQUIRED = ['displayName', 'userPrincipalName', 'password'] as const;

/** The `[property]` in a header such as "User name [userPrincipalName] Required". */
export function headerProperty(header: string): string | null {
  const m = /\[([^\]]+)\]/.exec(header);
  return m ? m[1].trim().toLowerCase() : null;
}

export const SAVE_AS_UTF8 = 'Save the file as CSV UTF-8 (Excel: File → Save As → CSV UTF-8) and upload it again.';

/**
 * Decodes an uploaded file strictly as UTF-8 (a BOM is fine). Anything else is refused rather
 * than guessed: a Latin-1 "José" would otherwise become "Jos�" in Entra ID for good.
 */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `The file is saved as UTF-16 (Excel's "Unicode Text"). ${SAVE_AS_UTF8}` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `The file is not UTF-8: it looks like Windows-1252 or another legacy encoding, so names with accents would be mangled. ${SAVE_AS_UTF8}` };
  }
  if (text.includes('\uFFFD')) return { ok: false, message: `The file contains "�", the mark of text already mangled by a wrong encoding. Fix those names, then save as CSV UTF-8 and upload again.` };
  if (text.includes('\u0000')) return { ok: false, message: `The file contains NUL characters: it is not a text CSV file. ${SAVE_AS_UTF8}` };
  return { ok: true, text };
}

const PARSE_ERRORS: Record<string, string> = {
  MissingQuotes: 'a quoted value is never closed (a " without its closing ")',
  InvalidQuotes: 'a quote sits inside a value that is not quoted',
  UndetectableDelimiter: 'the values are not separated by commas or semicolons',
  TooManyFields: 'the row has more values than the header row has columns',
};


/**
 * Parses Entra's bulk-create CSV (with or without its version row), matching columns by the
 * [property] in each header and ignoring unknown ones, and validates every row. A file that does
 * not parse cleanly is refused whole, naming the line: a stray quote would otherwise carry
 * later lines (passwords included) into one cell.
 */
export function parseBulkCsv(text: string): ParsedCsv {
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES) return { ok: false, message: 'The file is larger than 2 MB. Split it into smaller files.' };
  let body = text.replace(/^\uFEFF/, '');
  let firstLine = 1;
  if (/^\s*version:/i.test(body)) {
    body = body.slice(body.indexOf('\n') + 1);
    firstLine = 2;
  }
  const records: { cells: string[]; line: number }[] = [];
  let problem: { code: string; line: number } | null = null;
  let cursor = 0;
  // Line numbers, counted once through the text as the parser moves forward.
  let scanned = 0;
  let line = firstLine;
  const lineOf = (index: number) => {
    for (; scanned < index && scanned < body.length; scanned++) if (body.charCodeAt(scanned) === 10) line++;
    return line;
  };
  const skipBreaks = (index: number) => {
    while (body[index] === '\n' || body[index] === '\r') index++;
    return index;
  };
  Papa.parse<string[]>(body, {
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const start = cursor;
      cursor = result.meta.cursor;
      const error = result.errors[0];
      if (error) {
        problem = { code: error.code, line: lineOf(error.index ?? skipBreaks(start)) };
        parser.abort();
        return;
      }
      records.push({ cells: result.data, line: lineOf(skipBreaks(start)) });
    },
  });
  const parseProblem = problem as { code: string; line: number } | null;
  if (parseProblem) return { ok: false, message: `Line ${parseProblem.line}: ${PARSE_ERRORS[parseProblem.code] ?? `the file could not be read (${parseProblem.code})`}. Nothing was stored: fix the file and upload it again.` };
  const headers = records[0]?.cells;
  if (!headers) return { ok: false, message: 'The file is empty. Download the template and fill it in.' };
  const overlong = records.find((r) => r.cells.length > headers.length && r.cells.slice(headers.length).some((c) => c.trim() !== ''));
  if (overlong) {
    return { ok: false, message: `Line ${overlong.line}: ${PARSE_ERRORS.TooManyFields} (${overlong.cells.length} values, ${headers.length} columns). Nothing was stored: fix the file and upload it again.` };
  }
  const columns = headers.map((h) => COLUMN_FIELDS[headerProperty(h) ?? ''] ?? null);
  const missing = REQUIRED.filter((f) => !columns.includes(f));
  if (missing.length) {
    return { ok: false, message: `The header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((f) => `[${f === 'password' ? 'passwordProfile' : f}]`).join(', ')}. Use the template's header row.` };
  }
  const users = records.slice(1).map((r) => r.cells);
  if (users.length === 0) return { ok: false, message: 'The file has a header row but no users.' };
  if (users.length > MAX_CSV_ROWS) return { ok: false, message: `The file has ${users.length} rows; at most ${MAX_CSV_ROWS} are allowed at once. Split it into smaller files.` };
  const seen = new Map<string, number>();
  const rows = users.map((record, i) => {
    // Line numbers as a spreadsheet shows them: version row and header row come first.
    const rowNumber = i + 1;
    const raw: Record<string, string> = {};
    columns.forEach((field, c) => {
      const value = (record[c] ?? '').trim();
      if (field && value !== '') raw[field] = value;
    });
    const input = { ...raw, blockSignIn: (raw.blockSignIn ?? '').toLowerCase(), displayName: raw.displayName ?? '', userPrincipalName: raw.userPrincipalName ?? '', password: raw.password ?? '' };
    const result = rowSchema.safeParse(input);
    const errors = result.success ? [] : result.error.issues.map((issue) => issue.message);
    const upn = input.userPrincipalName.toLowerCase();
    if (upn && seen.has(upn)) errors.push(`User name repeats row ${seen.get(upn)}.`);
    else if (upn) seen.set(upn, rowNumber);
    const groups = (raw.groups ?? '').split(';').map((g) => g.trim()).filter(Boolean);
    if (raw.license && !raw.usageLocation) errors.push('A license needs a usage location.');
    const user: BulkUser = {
      displayName: input.displayName,
      userPrincipalName: input.userPrincipalName,
      mailNickname: mailNicknameFrom(input.userPrincipalName),
      accountEnabled: input.blockSignIn !== 'yes',
    };
    for (const f of ['givenName', 'surname', 'jobTitle', 'department', 'usageLocation', 'streetAddress', 'state', 'country', 'officeLocation', 'city', 'postalCode', 'mobilePhone'] as const) {
      if (raw[f]) user[f] = raw[f];
    }
    if (raw.telephoneNumber) user.businessPhones = [raw.telephoneNumber];
    return { rowNumber, userPrincipalName: input.userPrincipalName, payload: { user, groups, license: raw.license ?? null }, password: input.password, errors };
  });
  const ignoredColumns = headers.filter((_, c) => !columns[c] && headers[c].trim() !== '');
  return { ok: true, rows, ignoredColumns };
}

/** A results file for download: one line per row, never a password. */
export function resultsCsv(rows: { rowNumber: number; userPrincipalName: string; state: string; userId: string | null; errorCode: string | null; errorMessage: string | null; requestId: string | null }[]): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  };
  return Papa.unparse({
    fields: ['Row', 'User name', 'Outcome', 'Object ID', 'Error code', 'Message', 'Request ID'],
    data: rows.map((r) => [r.rowNumber, r.userPrincipalName, r.state === 'warning' ? 'created with warnings' : r.state, r.userId, r.errorCode, r.errorMessage, r.requestId].map(cell)),
  });
}
