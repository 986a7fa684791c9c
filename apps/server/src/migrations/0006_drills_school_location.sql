CREATE TABLE "alarm_drills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"plan_type" text,
	"alarm_class" text NOT NULL,
	"place_id" uuid,
	"device_id" uuid,
	"scheduled_at" timestamp with time zone NOT NULL,
	"target_seconds" integer,
	"status" text NOT NULL,
	"reported_at" timestamp with time zone,
	"reported_to" integer DEFAULT 0 NOT NULL,
	"police_ack_at" timestamp with time zone,
	"police_ack_by" uuid,
	"police_ack_by_name" text,
	"incident_id" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"evacuation_seconds" integer,
	"participants" integer,
	"summary" text,
	"cancel_reason" text,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "lon" double precision;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "alarm_drills" ADD CONSTRAINT "alarm_drills_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_drills" ADD CONSTRAINT "alarm_drills_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_drills" ADD CONSTRAINT "alarm_drills_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_drills" ADD CONSTRAINT "alarm_drills_device_id_alarm_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."alarm_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_drills" ADD CONSTRAINT "alarm_drills_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_drills_school_idx" ON "alarm_drills" USING btree ("school_id","scheduled_at");