// `npm run sandbox`: runs the sandbox tenant on its own (DATA_DIR, default ./data; SANDBOX_PORT, default 3443).
import { startSandbox } from './index';

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? './data';
  const sandbox = await startSandbox({ dataDir, log: (line) => console.log(`[sandbox] ${line}`) });
  console.log(sandbox.url);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`sandbox: ${signal} received, stopping`);
    sandbox.close().then(() => process.exit(0), (err) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(`sandbox: failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
