// The rotation crash test's process (lib/rotation/rotation-crash.test.ts): runs the scheduler's
// rotation work at the given times, as the portal's leader would, and SIGKILLs itself at the
// step named in CRASH_AT. Started with `node --conditions=react-server --import tsx`.
import { runRotations } from '@/lib/rotation/engine';

async function main() {
  const times = (process.env.ROTATION_TIMES ?? '').split(',').filter(Boolean).map((t) => new Date(Number(t)));
  if (!times.length || !process.env.DATA_DIR) throw new Error('ROTATION_TIMES and DATA_DIR must be set.');
  const crashAt = process.env.CRASH_AT;
  for (const now of times) {
    await runRotations(now, {
      onStep: (step) => {
        process.stdout.write(`step ${step}\n`);
        if (step === crashAt) process.kill(process.pid, 'SIGKILL');
      },
    });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
