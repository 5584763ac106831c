CREATE TABLE "pending_certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"created_by" text NOT NULL,
	"source" text NOT NULL,
	"certificate_pem" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" text DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"erase_after" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "certificate" text;