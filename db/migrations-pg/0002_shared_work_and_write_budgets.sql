CREATE TABLE "write_budgets" (
	"subject" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_ms" bigint NOT NULL,
	"paused_until_ms" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_rows" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "job_rows" ADD COLUMN "claimed_until" text;--> statement-breakpoint
ALTER TABLE "leases" ADD COLUMN "fence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" DROP COLUMN "lease_owner";--> statement-breakpoint
ALTER TABLE "jobs" DROP COLUMN "lease_until";