// The crash test's job process (lib/jobs/bulk-crash.test.ts): runs one bulk job the way the
// portal's server does, with a short lease, until the parent SIGKILLs it or the job is done.
// Started with `node --conditions=react-server --import tsx`, so 'server-only' is a no-op here.
import { runJob } from '@/lib/jobs/bulk-runner';

async function main() {
  const jobId = process.env.BULK_JOB_ID;
  if (!jobId || !process.env.DATA_DIR) throw new Error('BULK_JOB_ID and DATA_DIR must be set.');
  for (;;) {
    // A restarted process is a new owner: the dead one's rows come back once their claims run out.
    const result = await runJob(jobId, { owner: `child-${process.pid}`, claimMs: 1500 });
    if (result !== 'idle') {
      process.stdout.write(`${result}\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
