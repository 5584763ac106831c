CREATE TABLE `write_budgets` (
	`subject` text PRIMARY KEY NOT NULL,
	`tokens` real NOT NULL,
	`updated_ms` integer NOT NULL,
	`paused_until_ms` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `job_rows` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `job_rows` ADD `claimed_until` text;--> statement-breakpoint
ALTER TABLE `leases` ADD `fence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` DROP COLUMN `lease_owner`;--> statement-breakpoint
ALTER TABLE `jobs` DROP COLUMN `lease_until`;