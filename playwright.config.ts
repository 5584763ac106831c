import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// One throwaway data directory per run; workers inherit it through the environment.
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `authkey-e2e-${process.pid}`);
const port = Number(process.env.E2E_PORT ?? 3100);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? 3543);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    // First run needs a portal with no account at all, so it goes before everything else.
    { name: 'first-run', testMatch: /first-run\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    { name: 'portal', testIgnore: /first-run\.spec\.ts|multi-instance\.spec\.ts/, dependencies: ['first-run'], use: { ...devices['Desktop Chrome'] } },
  ],
  webServer: {
    command: 'node e2e/serve-and-record.mjs',
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATA_DIR: process.env.E2E_DATA_DIR,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX: process.env.E2E_SANDBOX ?? 'on',
      AUTH_SECRET: 'e2e-only-auth-secret-0123456789abcdef',
      // e2e/auto-rotation.spec.ts moves automatic rotation's clock forward through this file.
      ROTATION_CLOCK_FILE: path.join(process.env.E2E_DATA_DIR, 'rotation-clock'),
      AUTHKEY_MASTER_KEY: '',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
    },
  },
});
