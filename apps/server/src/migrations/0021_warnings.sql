CREATE TABLE "warning_cap_refs" (
	"school_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"warning_id" uuid,
	"msg_type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_recipients" (
	"warning_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"notified_version" integer DEFAULT 0 NOT NULL,
	"notified_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"remind_round" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "warning_recipients_warning_id_user_id_pk" PRIMARY KEY("warning_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid,
	"state" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"audience" jsonb NOT NULL,
	"school_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cap_status" text NOT NULL,
	"public_feed" boolean DEFAULT false NOT NULL,
	"category" text NOT NULL,
	"event" text NOT NULL,
	"headline" text NOT NULL,
	"description" text NOT NULL,
	"instruction" text,
	"severity" text NOT NULL,
	"urgency" text NOT NULL,
	"certainty" text NOT NULL,
	"area_desc" text NOT NULL,
	"polygon" jsonb,
	"effective" timestamp with time zone NOT NULL,
	"expires" timestamp with time zone,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"sent_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"reminders" integer DEFAULT 0 NOT NULL,
	"auto_reminders" integer DEFAULT 0 NOT NULL,
	"reminded_at" timestamp with time zone,
	"cap_identifier" text,
	"cap_sender" text,
	"cap_pending" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warning_cap_refs" ADD CONSTRAINT "warning_cap_refs_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_cap_refs" ADD CONSTRAINT "warning_cap_refs_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_unit_id_orgs_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "warning_cap_refs_uniq" ON "warning_cap_refs" USING btree ("school_id","identifier");--> statement-breakpoint
CREATE INDEX "warning_recipients_user_idx" ON "warning_recipients" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "warning_recipients_pending_idx" ON "warning_recipients" USING btree ("warning_id","notified_version") WHERE "warning_recipients"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "warnings_org_idx" ON "warnings" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "warnings_state_idx" ON "warnings" USING btree ("state");