CREATE TABLE "upload_budgets" (
	"scope" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"bytes" bigint NOT NULL,
	CONSTRAINT "upload_budgets_scope_window_start_pk" PRIMARY KEY("scope","window_start")
);
--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "committed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "files_pending_idx" ON "files" USING btree ("created_at") WHERE committed_at is null;--> statement-breakpoint
-- Files already kept belong to records: only uploads from now on wait for a record to take them.
UPDATE "files" SET "committed_at" = "created_at";
