// Provisioning's plain rules, without zod: the browser's forms use them too (the New user form
// derives the mail nickname while typing), and zod stays out of their bundle.

/** ISO 3166-1 alpha-2 codes: what Graph accepts as a usageLocation. */
export const COUNTRY_CODES = 'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(' ');
export const USAGE_LOCATION_PATTERN = /^[A-Z]{2}$/;

/** Country names for the usage-location picker, in the given language. */
export function countryOptions(locale = 'en'): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  return COUNTRY_CODES.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label));
}

/** Entra's default password rule: 8 to 256 characters from three of the four character classes. */
export function passwordProblem(password: string): string | null {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8) return 'use at least 8 characters.';
  if (password.length > 256) return 'use at most 256 characters.';
  if (classes < 3) return 'mix three of upper case, lower case, digits and symbols.';
  return null;
}

const ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@'];

/** A 16-character password with every character class, from the platform's CSPRNG. */
export function generatePassword(length = 16): string {
  const all = ALPHABETS.join('');
  const random = new Uint32Array(length + ALPHABETS.length);
  globalThis.crypto.getRandomValues(random);
  const chars = ALPHABETS.map((set, i) => set[random[i] % set.length]);
  for (let i = ALPHABETS.length; i < length; i++) chars.push(all[random[i] % all.length]);
  // Shuffle so the guaranteed classes are not always first (Fisher-Yates on the spare randoms).
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random[length + (i % ALPHABETS.length)] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Entra derives the mail nickname from the UPN's local part; these characters are not allowed in it. */
export function mailNicknameFrom(upn: string): string {
  const local = upn.split('@')[0] ?? '';
  return local.replace(/[@()\\[\]";:<>,\s]/g, '').slice(0, 64) || 'user';
}

