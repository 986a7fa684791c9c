ALTER TABLE "incidents" ADD COLUMN "accuracy" double precision;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "place_distance" double precision;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "caller_name" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "caller_role" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "caller_unit" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "caller_phone" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "resolve_note" text;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "duty_phone" text;