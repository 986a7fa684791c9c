CREATE TABLE "incident_plan_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"done_by_name" text
);
--> statement-breakpoint
CREATE TABLE "incident_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" uuid
);
--> statement-breakpoint
ALTER TABLE "incident_plan_steps" ADD CONSTRAINT "incident_plan_steps_plan_id_incident_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."incident_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_plans" ADD CONSTRAINT "incident_plans_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_plan_steps_plan_idx" ON "incident_plan_steps" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_plans_uniq" ON "incident_plans" USING btree ("incident_id","type");