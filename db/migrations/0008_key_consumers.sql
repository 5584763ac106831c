CREATE TABLE `key_consumers` (
	`id` text PRIMARY KEY NOT NULL,
	`auth_key_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`credential_id` text,
	`confirmed_at` text,
	`confirmed_by` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`auth_key_id`) REFERENCES `auth_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `key_consumers_key_idx` ON `key_consumers` (`auth_key_id`);--> statement-breakpoint
ALTER TABLE `credentials` ADD `revealed_at` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `revealed_by` text;