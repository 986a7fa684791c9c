ALTER TABLE "files" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_removed_at" timestamp with time zone;