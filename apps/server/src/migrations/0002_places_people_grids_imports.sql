CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mode" text NOT NULL,
	"dry_run_id" uuid,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"problems" jsonb,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"failure" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "grid_bindings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_id" uuid NOT NULL,
	"org_id" uuid,
	"place_id" uuid
);
--> statement-breakpoint
CREATE TABLE "grid_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"position" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" uuid,
	"path" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"leader_user_id" uuid,
	"responsibilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outline" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"staff_no" text NOT NULL,
	"name" text NOT NULL,
	"gender" text,
	"phone" text,
	"kind" text NOT NULL,
	"title" text,
	"user_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "student_group_members" (
	"group_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"role" text,
	CONSTRAINT "student_group_members_group_id_student_id_pk" PRIMARY KEY("group_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "student_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"advisor" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "students" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"student_no" text NOT NULL,
	"name" text NOT NULL,
	"gender" text,
	"phone" text,
	"national_id_enc" text,
	"national_id_hash" text,
	"national_id_masked" text,
	"bed_place_id" uuid,
	"bed_no" text,
	"user_id" uuid,
	"status" text DEFAULT 'enrolled' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"place_id" uuid,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"model" text,
	"quantity" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'normal' NOT NULL,
	"last_inspected_on" date,
	"next_inspection_due" date,
	"notes" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"parent_id" uuid,
	"path" text NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"use" text,
	"floors" integer,
	"height" double precision,
	"floor" integer,
	"capacity" integer,
	"outline" jsonb,
	"lon" double precision,
	"lat" double precision,
	"key_part" boolean DEFAULT false NOT NULL,
	"key_reason" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grid_bindings" ADD CONSTRAINT "grid_bindings_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_bindings" ADD CONSTRAINT "grid_bindings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_bindings" ADD CONSTRAINT "grid_bindings_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_leader_user_id_users_id_fk" FOREIGN KEY ("leader_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_group_members" ADD CONSTRAINT "student_group_members_group_id_student_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."student_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_group_members" ADD CONSTRAINT "student_group_members_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_groups" ADD CONSTRAINT "student_groups_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_groups" ADD CONSTRAINT "student_groups_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_bed_place_id_places_id_fk" FOREIGN KEY ("bed_place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_school_id_orgs_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_org_idx" ON "imports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "grid_bindings_grid_idx" ON "grid_bindings" USING btree ("grid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_bindings_org_uniq" ON "grid_bindings" USING btree ("grid_id","org_id") WHERE "grid_bindings"."org_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_bindings_place_uniq" ON "grid_bindings" USING btree ("grid_id","place_id") WHERE "grid_bindings"."place_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_members_uniq" ON "grid_members" USING btree ("grid_id","user_id");--> statement-breakpoint
CREATE INDEX "grid_members_user_idx" ON "grid_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grids_school_code_idx" ON "grids" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "grids_path_idx" ON "grids" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "grids_parent_idx" ON "grids" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "grids_leader_idx" ON "grids" USING btree ("leader_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_school_no_idx" ON "staff" USING btree ("school_id","staff_no");--> statement-breakpoint
CREATE INDEX "staff_org_idx" ON "staff" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "sgm_student_idx" ON "student_group_members" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "student_groups_school_name_idx" ON "student_groups" USING btree ("school_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "students_school_no_idx" ON "students" USING btree ("school_id","student_no");--> statement-breakpoint
CREATE INDEX "students_org_idx" ON "students" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "students_bed_idx" ON "students" USING btree ("bed_place_id");--> statement-breakpoint
CREATE INDEX "students_nid_idx" ON "students" USING btree ("national_id_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_school_code_idx" ON "equipment" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "equipment_place_idx" ON "equipment" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "equipment_due_idx" ON "equipment" USING btree ("school_id","next_inspection_due");--> statement-breakpoint
CREATE UNIQUE INDEX "places_school_code_idx" ON "places" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "places_path_idx" ON "places" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "places_org_idx" ON "places" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "places_parent_idx" ON "places" USING btree ("parent_id");