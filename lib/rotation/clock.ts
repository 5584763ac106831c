import 'server-only';
import fs from 'node:fs';

/**
 * The time automatic rotation decides with. ROTATION_CLOCK_FILE (for end-to-end tests and demos)
 * names a file holding a number of milliseconds to add, so a rotation months away can be watched
 * now; it moves only what is due, never the times sent to Azure. Unset, this is the clock.
 */
export function rotationNow(now: Date): Date {
  const file = process.env.ROTATION_CLOCK_FILE;
  if (!file) return now;
  let offset = 0;
  try {
    offset = Number(fs.readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    // No file yet: no offset.
  }
  return new Date(now.getTime() + offset);
}
