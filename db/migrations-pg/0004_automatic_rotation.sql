CREATE TABLE "rotation_policies" (
	"auth_key_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"days_before" integer DEFAULT 30 NOT NULL,
	"lifetime_days" integer DEFAULT 180 NOT NULL,
	"overlap_days" integer DEFAULT 7 NOT NULL,
	"updated_by" text,
	"updated_at" text DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rotation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"auth_key_id" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"marker" text NOT NULL,
	"old_credential_id" text,
	"old_azure_key_id" text,
	"new_credential_id" text,
	"new_azure_key_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text NOT NULL,
	"remove_after" text,
	"last_error" text,
	"started_at" text DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"finished_at" text
);
--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_auth_key_id_auth_keys_id_fk" FOREIGN KEY ("auth_key_id") REFERENCES "public"."auth_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_runs" ADD CONSTRAINT "rotation_runs_auth_key_id_auth_keys_id_fk" FOREIGN KEY ("auth_key_id") REFERENCES "public"."auth_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rotation_runs_key_idx" ON "rotation_runs" USING btree ("auth_key_id");--> statement-breakpoint
CREATE INDEX "rotation_runs_state_idx" ON "rotation_runs" USING btree ("state");