CREATE TABLE `anonymous_denials` (
	`address` text NOT NULL,
	`minute` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`last_what` text NOT NULL,
	PRIMARY KEY(`address`, `minute`)
);
--> statement-breakpoint
CREATE TABLE `revoked_sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `throttles` (
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`address` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`last_attempt_at` text NOT NULL,
	PRIMARY KEY(`scope`, `subject`, `address`)
);
--> statement-breakpoint
DROP TABLE `sign_in_attempts`;