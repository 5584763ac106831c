import { z } from 'zod';
import { CLOUDS } from '@/contracts/enums';

export const BANDS = ['expired', 'critical', 'warning', 'notice', 'healthy', 'unknown'] as const;
export type Band = (typeof BANDS)[number];

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/** The dashboard's query string, also used by the CSV export. */
export const expiryFilterSchema = z.object({
  tenant: optional(z.string().trim().max(100)),
  cloud: optional(z.enum(CLOUDS)),
  band: optional(z.enum(BANDS)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});
export type ExpiryFilter = z.infer<typeof expiryFilterSchema>;

const days = (max: number) => z.coerce.number({ message: 'Enter a number of days.' }).int('Use whole days.').min(1, 'At least 1 day.').max(max, `At most ${max} days.`);
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

export const expirySettingsSchema = z
  .object({
    critical: days(365),
    warning: days(365),
    notice: days(730),
    // "30, 14, 7, 1": the days before expiry that each raise one alert per credential.
    alertDays: z
      .string()
      .trim()
      .transform((s) => s.split(/[\s,;]+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{1,3}$/, 'Use whole days, e.g. 30, 14, 7, 1.')).max(10, 'At most 10 thresholds.'))
      .transform((list) => [...new Set(list.map(Number).filter((n) => n >= 1 && n <= 365))].sort((a, b) => b - a)),
    onExpired: checkbox,
    onFailedCheck: checkbox,
    testWindowSeconds: z.coerce.number().int().min(0).max(600),
    graceDays: z.coerce.number().int().min(0).max(90),
    intervalHours: z.coerce.number().int().min(1).max(168),
  })
  .superRefine((v, ctx) => {
    if (v.critical >= v.warning) ctx.addIssue({ code: 'custom', path: ['warning'], message: 'Warning must be more days than critical.' });
    if (v.warning >= v.notice) ctx.addIssue({ code: 'custom', path: ['notice'], message: 'Notice must be more days than warning.' });
  });
export type ExpirySettingsInput = z.infer<typeof expirySettingsSchema>;
