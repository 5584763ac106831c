CREATE TABLE `rotation_policies` (
	`auth_key_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`days_before` integer DEFAULT 30 NOT NULL,
	`lifetime_days` integer DEFAULT 180 NOT NULL,
	`overlap_days` integer DEFAULT 7 NOT NULL,
	`updated_by` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`auth_key_id`) REFERENCES `auth_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rotation_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`auth_key_id` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`marker` text NOT NULL,
	`old_credential_id` text,
	`old_azure_key_id` text,
	`new_credential_id` text,
	`new_azure_key_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`remove_after` text,
	`last_error` text,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`auth_key_id`) REFERENCES `auth_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rotation_runs_key_idx` ON `rotation_runs` (`auth_key_id`);--> statement-breakpoint
CREATE INDEX `rotation_runs_state_idx` ON `rotation_runs` (`state`);