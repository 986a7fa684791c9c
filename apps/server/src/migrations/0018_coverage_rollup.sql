CREATE TABLE "coverage_reports" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"report" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_reports" ADD CONSTRAINT "coverage_reports_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;