// A token's "last used" is shown to the minute, so a busy token need not rewrite its row on every
// call: the write is skipped while the stored use is from the same address and under a minute old.
// (Every call still gets its own audit row; only the summary on the token is coarsened.)
export const LAST_USE_PRECISION_MS = 60_000;

export type LastUse = { at: string | null; address: string | null };

export function lastUseNeedsWrite(stored: LastUse, address: string, now = Date.now()): boolean {
  if (!stored.at || stored.address !== address) return true;
  const age = now - Date.parse(stored.at);
  return !(age >= 0 && age < LAST_USE_PRECISION_MS);
}
