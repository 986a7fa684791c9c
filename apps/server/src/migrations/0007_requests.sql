CREATE TABLE "open311_clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"group_name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"keywords" text DEFAULT '' NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"policy" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"kind" text NOT NULL,
	"visibility" text NOT NULL,
	"side" text NOT NULL,
	"body" text,
	"status" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "request_followers" (
	"request_id" uuid NOT NULL,
	"from_request_id" uuid NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_routes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"scope_path" text,
	"scope_label" text,
	"unit_org_id" uuid,
	"unit_grid_id" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_settings" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"calendar" jsonb NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"school_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"grid_id" uuid,
	"grid_path" text,
	"category_id" uuid NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"description" text NOT NULL,
	"place_id" uuid,
	"lon" double precision,
	"lat" double precision,
	"address" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel" text NOT NULL,
	"external_no" text,
	"identity" text NOT NULL,
	"reporter_user_id" uuid,
	"reporter_name" text,
	"reporter_phone" text,
	"reporter_enc" text,
	"reporter_key" text,
	"track_hash" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text NOT NULL,
	"close_kind" text,
	"assigned_org_id" uuid,
	"assigned_grid_id" uuid,
	"first_unit_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"respond_by" timestamp with time zone NOT NULL,
	"resolve_by" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"extension" jsonb,
	"clock_gen" integer DEFAULT 0 NOT NULL,
	"urged_at" timestamp with time zone,
	"supervised_at" timestamp with time zone,
	"noticed_at" timestamp with time zone,
	"visit" jsonb,
	"visited_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"merged_into" uuid,
	"incident_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "open311_clients" ADD CONSTRAINT "open311_clients_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_categories" ADD CONSTRAINT "request_categories_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_followers" ADD CONSTRAINT "request_followers_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_followers" ADD CONSTRAINT "request_followers_from_request_id_requests_id_fk" FOREIGN KEY ("from_request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_routes" ADD CONSTRAINT "request_routes_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_routes" ADD CONSTRAINT "request_routes_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_routes" ADD CONSTRAINT "request_routes_unit_org_id_orgs_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_routes" ADD CONSTRAINT "request_routes_unit_grid_id_grids_id_fk" FOREIGN KEY ("unit_grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_settings" ADD CONSTRAINT "request_settings_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assigned_org_id_orgs_id_fk" FOREIGN KEY ("assigned_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assigned_grid_id_grids_id_fk" FOREIGN KEY ("assigned_grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "open311_clients_key_idx" ON "open311_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "request_categories_code_idx" ON "request_categories" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "request_events_request_idx" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "request_events_at_idx" ON "request_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_followers_idx" ON "request_followers" USING btree ("request_id","from_request_id");--> statement-breakpoint
CREATE INDEX "request_routes_category_idx" ON "request_routes" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_no_idx" ON "requests" USING btree ("no");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_idempotency_idx" ON "requests" USING btree ("school_id","channel","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_track_idx" ON "requests" USING btree ("track_hash");--> statement-breakpoint
CREATE INDEX "requests_school_received_idx" ON "requests" USING btree ("school_id","received_at");--> statement-breakpoint
CREATE INDEX "requests_school_status_idx" ON "requests" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "requests_assigned_org_idx" ON "requests" USING btree ("assigned_org_id","status");--> statement-breakpoint
CREATE INDEX "requests_assigned_grid_idx" ON "requests" USING btree ("assigned_grid_id","status");--> statement-breakpoint
CREATE INDEX "requests_reporter_idx" ON "requests" USING btree ("reporter_key");--> statement-breakpoint
CREATE INDEX "requests_grid_path_idx" ON "requests" USING btree ("grid_path" text_pattern_ops);