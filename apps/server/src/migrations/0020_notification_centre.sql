CREATE TABLE "notify_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"provider" text NOT NULL,
	"to_masked" text,
	"state" text NOT NULL,
	"provider_message_id" text,
	"code" text,
	"reason" text,
	"answered" boolean,
	"template_code" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"receipt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notify_contacts" (
	"user_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notify_contacts_user_id_channel_pk" PRIMARY KEY("user_id","channel")
);
--> statement-breakpoint
CREATE TABLE "notify_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "notify_counters_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "notify_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"notification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"org_id" uuid,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"retry_from" integer DEFAULT 0 NOT NULL,
	"provider" text,
	"to_masked" text,
	"reason" text,
	"not_before" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_prefs" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"quiet_from" smallint,
	"quiet_to" smallint,
	"digest_channel" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"notice_kind" text,
	"severity" text,
	"template_code" text NOT NULL,
	"params" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "severity" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notify_attempts" ADD CONSTRAINT "notify_attempts_delivery_id_notify_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."notify_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_deliveries" ADD CONSTRAINT "notify_deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notify_attempts_step_uniq" ON "notify_attempts" USING btree ("delivery_id","step");--> statement-breakpoint
CREATE INDEX "notify_attempts_provider_msg_idx" ON "notify_attempts" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notify_deliveries_uniq" ON "notify_deliveries" USING btree ("notification_id","channel");--> statement-breakpoint
CREATE INDEX "notify_deliveries_org_idx" ON "notify_deliveries" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "notify_deliveries_user_idx" ON "notify_deliveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notify_templates_uniq" ON "notify_templates" USING btree ("provider",coalesce("notice_kind", ''),coalesce("severity", ''));--> statement-breakpoint
CREATE INDEX "notifications_subject_idx" ON "notifications" USING btree ("subject_type","subject_id");