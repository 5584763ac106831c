import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

import tseslint from 'typescript-eslint';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', '.next-*/**', 'data/**', 'data-*/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // One data access layer for SQLite and PostgreSQL: queries are awaited builders, transactions
    // and raw SQL go through db/index.ts. SQLite's synchronous calls would fail on PostgreSQL.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'db/**/*.ts'],
    ignores: ['db/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[arguments.length=0][callee.property.name=/^(get|all|run)$/]:not(:has(CallExpression[callee.property.name=/^(api|prepare)$/]))", message: 'SQLite-only call: await the query builder instead (PostgreSQL has no .get()/.all()/.run()).' },
        { selector: "MemberExpression[property.name='$client']", message: 'Use sqliteClient()/pgPool() or the helpers of db/index.ts, which know the engine.' },
        { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='transaction']", message: 'Use transaction() from @/db: it works on both engines and keeps SQLite transactions apart.' },
      ],
    },
  },
  {
    // Every database call is asynchronous: a forgotten await would let a write or its audit row
    // happen after (or outside) the change it belongs to.
    files: ['app/**/*.{ts,tsx}', 'lib/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'db/**/*.ts', 'instrumentation.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The house's direction: routes (app/) use components/ and lib/, never the other way. A form
    // that calls a route's server actions lives beside that route, in its _components/ folder.
    files: ['components/**/*.{ts,tsx}', 'lib/**/*.ts', 'db/**/*.ts', 'contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/app/*', '@/app/**'], message: 'components/, lib/ and db/ do not import from app/: move the component beside its route (_components/) or the code into lib/.' }] }],
    },
  },
];

export default config;
