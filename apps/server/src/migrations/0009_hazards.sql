CREATE TABLE "hazard_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hazard_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"phase" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"month" text NOT NULL,
	"figures" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by_id" uuid,
	"sent_by_name" text NOT NULL,
	"to_org_ids" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_settings" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"deadlines" jsonb NOT NULL,
	"grace_days" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"school_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"grade" text NOT NULL,
	"origin" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"place_id" uuid,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"grid_id" uuid,
	"grid_path" text,
	"unit_org_id" uuid,
	"unit_grid_id" uuid,
	"found_by_id" uuid,
	"found_by_name" text NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"contact_phone" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"task_instance_id" uuid,
	"item_code" text,
	"deadline" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"plan" jsonb,
	"rectifiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notice_no" text,
	"notice_at" timestamp with time zone,
	"supervised_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"verified_by_id" uuid,
	"verified_by_name" text,
	"rejections" integer DEFAULT 0 NOT NULL,
	"repeat_of" uuid,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "task_instances_period_idx";--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "completion_key" text;--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "location" jsonb;--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "failed" jsonb;--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "score" jsonb;--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "equipment_id" uuid;--> statement-breakpoint
ALTER TABLE "task_schedules" ADD COLUMN "weekdays" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "task_schedules" ADD COLUMN "equipment_kind" text;--> statement-breakpoint
ALTER TABLE "task_schedules" ADD COLUMN "lead_days" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_schedules" ADD COLUMN "interval_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_reports" ADD CONSTRAINT "hazard_reports_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_settings" ADD CONSTRAINT "hazard_settings_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_unit_org_id_orgs_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_unit_grid_id_grids_id_fk" FOREIGN KEY ("unit_grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_events_hazard_idx" ON "hazard_events" USING btree ("hazard_id","at");--> statement-breakpoint
CREATE INDEX "hazard_reports_school_idx" ON "hazard_reports" USING btree ("school_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_no_idx" ON "hazards" USING btree ("no");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_item_idx" ON "hazards" USING btree ("task_instance_id","item_code") WHERE "hazards"."task_instance_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_key_idx" ON "hazards" USING btree ("idempotency_key") WHERE "hazards"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "hazards_school_found_idx" ON "hazards" USING btree ("school_id","found_at");--> statement-breakpoint
CREATE INDEX "hazards_found_id_idx" ON "hazards" USING btree ("found_at","id");--> statement-breakpoint
CREATE INDEX "hazards_school_status_idx" ON "hazards" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "hazards_grid_path_idx" ON "hazards" USING btree ("grid_path");--> statement-breakpoint
CREATE INDEX "hazards_place_idx" ON "hazards" USING btree ("place_id","domain");--> statement-breakpoint
CREATE UNIQUE INDEX "task_instances_period_idx" ON "task_instances" USING btree ("schedule_id","period_key","grid_id");