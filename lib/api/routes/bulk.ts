import 'server-only';
import { z } from 'zod';
import { JOB_ROW_STATES } from '@/contracts/enums';
import { createBulkJob, getJob, listJobRows, startJob, type JobSummary } from '@/lib/server/bulk-jobs';
import { MAX_CSV_ROWS } from '@/lib/validation/bulk-csv';
import { cursorOr400, encodeCursor } from '../cursor';
import { defineRoute } from '../define';
import { ApiProblem } from '../problem';
import { jobRowSchema, jobSchema, keyParams, pageQuery, uuid } from '../schemas';

const common = { tag: 'Bulk jobs', scope: 'provisioning:write', perKey: true } as const;
const jobParams = keyParams.extend({ jobId: uuid });

function jobOut(j: JobSummary) {
  return { id: j.id, authKeyId: j.authKeyId, state: j.state, total: j.total, counts: j.counts, createdAt: j.createdAt, startedAt: j.startedAt, finishedAt: j.finishedAt, ratePerSecond: j.ratePerSecond, etaSeconds: j.etaSeconds, notes: j.notes };
}

async function jobOf(keyId: string, jobId: string): Promise<JobSummary> {
  const job = await getJob(jobId);
  // A job of another authKey is not found through this one: the token's scope names keys.
  if (!job || job.authKeyId !== keyId) throw new ApiProblem('not-found', 'No bulk job of this authKey has this id.');
  return job;
}

export const bulkRoutes = [
  defineRoute({
    ...common,
    method: 'POST',
    path: '/authkeys/{keyId}/bulk-jobs',
    operationId: 'submitBulkJob',
    summary: 'Submit a bulk CSV of new users',
    description: `Entra's bulk-create template (or the portal's, with groups and license), as text/csv, up to 2 MB and ${MAX_CSV_ROWS} rows. Rows that fail validation are reported and not sent. The job starts at once unless start=false. Send an Idempotency-Key: a retried submission returns the first job and never creates a second.`,
    params: keyParams,
    query: z.object({
      start: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
      fileName: z.string().trim().max(200).default('api-upload.csv'),
    }),
    body: z.string().meta({ description: 'The CSV file.' }),
    csvBody: true,
    idempotent: true,
    success: { status: 202, description: 'The job was stored (and started). Follow it with GET on its Location.', schema: jobSchema.extend({ invalid: z.number().int(), ignoredColumns: z.array(z.string()) }).meta({ id: 'SubmittedBulkJob' }) },
    problems: ['invalid-request', 'unsupported-media-type', 'key-not-ready', 'idempotency-key-reused', 'idempotency-in-progress'],
    async run({ params, query, body }) {
      const created = await createBulkJob({ keyId: params.keyId, fileName: query.fileName, bytes: new TextEncoder().encode(body) });
      if (!('id' in created)) {
        if (created.fieldErrors?.file) throw new ApiProblem('invalid-request', created.message ?? 'The file is not valid.', { errors: { body: created.fieldErrors.file } });
        throw new ApiProblem('key-not-ready', created.message ?? 'This authKey cannot run bulk jobs.');
      }
      if (query.start) {
        const started = await startJob(created.id);
        if (started.status !== 'success') throw new ApiProblem('invalid-request', started.message ?? 'The job could not be started.');
      }
      const job = await jobOf(params.keyId, created.id);
      return { status: 202, json: { ...jobOut(job), invalid: created.invalid, ignoredColumns: created.ignoredColumns }, headers: { Location: `/api/v1/authkeys/${params.keyId}/bulk-jobs/${created.id}` } };
    },
  }),
  defineRoute({
    ...common,
    method: 'GET',
    path: '/authkeys/{keyId}/bulk-jobs/{jobId}',
    operationId: 'getBulkJob',
    summary: 'Follow a bulk job’s progress',
    params: jobParams,
    success: { status: 200, description: 'The job with its counts per row state, pace and time left.', schema: jobSchema },
    problems: ['not-found'],
    async run({ params }) {
      return { json: jobOut(await jobOf(params.keyId, params.jobId)) };
    },
  }),
  defineRoute({
    ...common,
    method: 'GET',
    path: '/authkeys/{keyId}/bulk-jobs/{jobId}/rows',
    operationId: 'listBulkJobRows',
    summary: 'Read a bulk job’s per-row results',
    params: jobParams,
    query: pageQuery.extend({ state: z.enum(JOB_ROW_STATES).optional() }),
    success: { status: 200, description: 'One page of rows, in file order.', schema: z.object({ items: z.array(jobRowSchema), total: z.number().int(), nextCursor: z.string().nullable() }).meta({ id: 'BulkJobRowPage' }) },
    problems: ['not-found', 'invalid-request'],
    async run({ params, query }) {
      await jobOf(params.keyId, params.jobId);
      // A job's rows never change in number or order, so an offset is a stable cursor.
      const at = cursorOr400<{ offset: number }, { offset: number }>(query.cursor, { offset: 'number' }, { offset: 0 });
      const { rows, total } = await listJobRows(params.jobId, { state: query.state, limit: query.limit, offset: at.offset });
      const next = at.offset + rows.length;
      return { json: { items: rows.map(({ displayName: _d, ...r }) => r), total, nextCursor: next < total ? encodeCursor({ offset: next }) : null } };
    },
  }),
];
