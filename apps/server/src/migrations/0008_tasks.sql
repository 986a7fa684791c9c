CREATE TABLE "task_instances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"schedule_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"grid_id" uuid NOT NULL,
	"grid_path" text NOT NULL,
	"period_key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"answers" jsonb,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"recurrence" text NOT NULL,
	"grid_level" text,
	"grid_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"domain" text,
	"items" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_schedule_id_task_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."task_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_template_id_task_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."task_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_schedules" ADD CONSTRAINT "task_schedules_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_schedules" ADD CONSTRAINT "task_schedules_template_id_task_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."task_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_templates" ADD CONSTRAINT "task_templates_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "task_instances_period_idx" ON "task_instances" USING btree ("schedule_id","grid_id","period_key");--> statement-breakpoint
CREATE INDEX "task_instances_grid_due_idx" ON "task_instances" USING btree ("grid_id","due_at");--> statement-breakpoint
CREATE INDEX "task_instances_school_due_idx" ON "task_instances" USING btree ("school_id","due_at");--> statement-breakpoint
CREATE INDEX "task_schedules_school_idx" ON "task_schedules" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_templates_code_idx" ON "task_templates" USING btree ("school_id","code");