CREATE TABLE "cap_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"msg_type" text NOT NULL,
	"status" text NOT NULL,
	"sent" timestamp with time zone NOT NULL,
	"expires" timestamp with time zone,
	"headline" text NOT NULL,
	"xml" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cap_inbound" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"url" text NOT NULL,
	"sent" timestamp with time zone NOT NULL,
	"msg_type" text NOT NULL,
	"status" text NOT NULL,
	"references" jsonb NOT NULL,
	"event" text NOT NULL,
	"headline" text NOT NULL,
	"severity" text NOT NULL,
	"area_desc" text NOT NULL,
	"expires" timestamp with time zone,
	"info" jsonb NOT NULL,
	"school_ids" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cap_inbound_deliveries" (
	"school_id" uuid NOT NULL,
	"sender" text NOT NULL,
	"identifier" text NOT NULL,
	"inbound_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cap_rejects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"url" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cap_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"last_fetched_at" timestamp with time zone,
	"last_result" text,
	"last_error" text,
	"last_new" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cap_alerts" ADD CONSTRAINT "cap_alerts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_inbound" ADD CONSTRAINT "cap_inbound_subscription_id_cap_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."cap_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_inbound" ADD CONSTRAINT "cap_inbound_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_inbound_deliveries" ADD CONSTRAINT "cap_inbound_deliveries_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_inbound_deliveries" ADD CONSTRAINT "cap_inbound_deliveries_inbound_id_cap_inbound_id_fk" FOREIGN KEY ("inbound_id") REFERENCES "public"."cap_inbound"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_rejects" ADD CONSTRAINT "cap_rejects_subscription_id_cap_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."cap_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_subscriptions" ADD CONSTRAINT "cap_subscriptions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cap_alerts_identifier_idx" ON "cap_alerts" USING btree ("identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "cap_alerts_series_idx" ON "cap_alerts" USING btree ("source","source_id","seq");--> statement-breakpoint
CREATE INDEX "cap_alerts_org_sent_idx" ON "cap_alerts" USING btree ("org_id","sent");--> statement-breakpoint
CREATE UNIQUE INDEX "cap_inbound_alert_idx" ON "cap_inbound" USING btree ("subscription_id","sender","identifier");--> statement-breakpoint
CREATE INDEX "cap_inbound_org_idx" ON "cap_inbound" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cap_inbound_deliveries_idx" ON "cap_inbound_deliveries" USING btree ("school_id","sender","identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "cap_rejects_url_idx" ON "cap_rejects" USING btree ("subscription_id","url");--> statement-breakpoint
CREATE INDEX "cap_rejects_at_idx" ON "cap_rejects" USING btree ("subscription_id","at" desc);--> statement-breakpoint
CREATE UNIQUE INDEX "cap_subscriptions_org_url_idx" ON "cap_subscriptions" USING btree ("org_id","url");