CREATE TABLE "file_chunks" (
	"key" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_chunks_key_seq_pk" PRIMARY KEY("key","seq")
);
--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "store" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
-- Pieces of photos and spreadsheets are compressed already: kept out of line, never recompressed.
ALTER TABLE "file_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
