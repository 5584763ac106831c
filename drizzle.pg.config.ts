import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations: `npm run db:generate:pg` after a change to db/schema.pg.ts (and the
// same change to db/schema.sqlite.ts, generated with `npm run db:generate`).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
  casing: 'snake_case',
});
