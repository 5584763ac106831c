import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from './schema.pg';
import * as sqlite from './schema.sqlite';

// The data access layer is written once against both schemas, so they must declare the same
// tables, columns, keys and indexes; only the column types differ (boolean, jsonb, identity).

type Shape = { columns: Record<string, { notNull: boolean; hasDefault: boolean; primary: boolean }>; primaryKeys: string[][]; indexes: Record<string, { columns: string[]; unique: boolean }>; uniques: string[][] };

function shape(config: { columns: { name: string; notNull: boolean; hasDefault: boolean; primary: boolean }[]; primaryKeys: { columns: { name: string }[] }[]; indexes: { config: { name?: string; columns: unknown[]; unique?: boolean } }[]; uniqueConstraints: { columns: { name: string }[] }[] }): Shape {
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, { notNull: c.notNull, hasDefault: c.hasDefault, primary: c.primary }])),
    primaryKeys: config.primaryKeys.map((k) => k.columns.map((c) => c.name)),
    indexes: Object.fromEntries(config.indexes.map((i) => [i.config.name ?? '?', { columns: i.config.columns.map((c) => (c as { name: string }).name), unique: Boolean(i.config.unique) }])),
    uniques: config.uniqueConstraints.map((u) => u.columns.map((c) => c.name)),
  };
}

const tablesOf = <T>(mod: Record<string, unknown>, kind: abstract new (...a: never[]) => T) => Object.fromEntries(Object.entries(mod).filter(([, v]) => v instanceof kind)) as Record<string, T>;

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  const s = tablesOf(sqlite, SQLiteTable);
  const p = tablesOf(pg, PgTable);

  it('declares the same tables under the same names', () => {
    expect(Object.keys(s).length).toBeGreaterThan(10);
    expect(Object.keys(p).sort()).toEqual(Object.keys(s).sort());
    for (const name of Object.keys(s)) expect(pgConfig(p[name]).name).toBe(sqliteConfig(s[name]).name);
  });

  it('declares the same columns, keys and indexes in every table', () => {
    for (const name of Object.keys(s)) {
      expect(shape(pgConfig(p[name]) as never), name).toEqual(shape(sqliteConfig(s[name]) as never));
    }
  });
});
