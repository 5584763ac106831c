CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`session_version` integer DEFAULT 1 NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`last_sign_in_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
CREATE TABLE `alert_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`config` text NOT NULL,
	`secret` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` text NOT NULL,
	`subject` text NOT NULL,
	`auth_key_id` text,
	`credential_id` text,
	`threshold` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`channel_id`) REFERENCES `alert_channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_once_idx` ON `alert_deliveries` (`channel_id`,`subject`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`actor_id` text,
	`actor_email` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`auth_key_id` text,
	`outcome` text NOT NULL,
	`detail` text,
	`request_id` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_events_key_idx` ON `audit_events` (`auth_key_id`);--> statement-breakpoint
CREATE TABLE `auth_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`access_type` text DEFAULT 'app' NOT NULL,
	`cloud` text NOT NULL,
	`authority_host` text,
	`graph_endpoint` text,
	`tenant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`username` text,
	`operations` text DEFAULT '[]' NOT NULL,
	`app_display_name` text,
	`app_object_id` text,
	`last_tested_at` text,
	`last_test_outcome` text,
	`last_test_roles` text,
	`last_test_latency_ms` integer,
	`last_test_code` text,
	`last_test_message` text,
	`extra_recipients` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `auth_keys_tenant_idx` ON `auth_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`auth_key_id` text NOT NULL,
	`kind` text NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`value` text,
	`hint` text,
	`expires_at` text,
	`expiry_source` text,
	`expiry_synced_at` text,
	`azure_key_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`retired_at` text,
	`erase_after` text,
	FOREIGN KEY (`auth_key_id`) REFERENCES `auth_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `credentials_key_idx` ON `credentials` (`auth_key_id`);--> statement-breakpoint
CREATE INDEX `credentials_expiry_idx` ON `credentials` (`expires_at`);--> statement-breakpoint
CREATE TABLE `job_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`user_principal_name` text NOT NULL,
	`payload` text NOT NULL,
	`secret` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`user_id` text,
	`error_code` text,
	`error_message` text,
	`request_id` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_rows_job_row_idx` ON `job_rows` (`job_id`,`row_number`);--> statement-breakpoint
CREATE INDEX `job_rows_state_idx` ON `job_rows` (`job_id`,`state`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`auth_key_id` text NOT NULL,
	`kind` text DEFAULT 'bulk-create-users' NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`file_name` text,
	`total` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	`lease_owner` text,
	`lease_until` text,
	FOREIGN KEY (`auth_key_id`) REFERENCES `auth_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `key_tests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`auth_key_id` text NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`actor_id` text,
	`trigger` text DEFAULT 'manual' NOT NULL,
	`outcome` text NOT NULL,
	`code` text,
	`message` text,
	`roles` text,
	`latency_ms` integer,
	`trace_id` text,
	`correlation_id` text,
	FOREIGN KEY (`auth_key_id`) REFERENCES `auth_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `key_tests_key_idx` ON `key_tests` (`auth_key_id`,`at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`until` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`email` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`last_failure_at` text
);
