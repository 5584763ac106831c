CREATE TABLE "key_consumers" (
	"id" text PRIMARY KEY NOT NULL,
	"auth_key_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"credential_id" text,
	"confirmed_at" text,
	"confirmed_by" text,
	"created_by" text,
	"created_at" text DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "revealed_at" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "revealed_by" text;--> statement-breakpoint
ALTER TABLE "key_consumers" ADD CONSTRAINT "key_consumers_auth_key_id_auth_keys_id_fk" FOREIGN KEY ("auth_key_id") REFERENCES "public"."auth_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "key_consumers_key_idx" ON "key_consumers" USING btree ("auth_key_id");