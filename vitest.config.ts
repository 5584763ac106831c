import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      // `server-only` throws outside React Server Components; in unit tests it is a no-op.
      'server-only': path.resolve(__dirname, 'test/server-only-stub.ts'),
      '@': path.resolve(__dirname),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.next-*/**', 'data/**', 'data-*/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
