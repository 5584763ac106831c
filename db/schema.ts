// The running engine's tables, under one name for the whole portal. Both schemas declare the
// same tables and columns (db/schema.test.ts checks), so the data access layer is written once
// against drizzle's common query builder, typed with the SQLite declarations; db/index.ts hands
// it the matching connection. Which engine: DATABASE_URL (db/engine.ts), read at start.
import { engineOf } from './engine';
import * as pg from './schema.pg';
import * as sqlite from './schema.sqlite';

const tables = (engineOf() === 'pg' ? pg : sqlite) as unknown as typeof sqlite;

export const accounts = tables.accounts;
export const throttles = tables.throttles;
export const revokedSessions = tables.revokedSessions;
export const anonymousDenials = tables.anonymousDenials;
export const auditEvents = tables.auditEvents;
export const authKeys = tables.authKeys;
export const credentials = tables.credentials;
export const keyTests = tables.keyTests;
export const settings = tables.settings;
export const jobs = tables.jobs;
export const jobRows = tables.jobRows;
export const alertChannels = tables.alertChannels;
export const alertDeliveries = tables.alertDeliveries;
export const leases = tables.leases;
export const writeBudgets = tables.writeBudgets;
export const pendingCertificates = tables.pendingCertificates;
export const rotationPolicies = tables.rotationPolicies;
export const rotationRuns = tables.rotationRuns;
export const keyConsumers = tables.keyConsumers;
export const apiTokens = tables.apiTokens;
export const apiIdempotency = tables.apiIdempotency;
export const apiRateLimits = tables.apiRateLimits;
