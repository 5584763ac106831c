import { defineConfig, devices } from '@playwright/test';

// The multi-instance test: it starts its own PostgreSQL database, sandbox and portal processes
// (test/cluster.ts), so there is no webServer here. Run through scripts/with-postgres.mjs.
export default defineConfig({
  testDir: './e2e',
  testMatch: /multi-instance\.spec\.ts/,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
