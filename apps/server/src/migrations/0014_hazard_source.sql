ALTER TABLE "hazards" ADD COLUMN "source_task" text;--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "source_item" text;--> statement-breakpoint
-- Hazards made from checklist items before: the task's name and the item's words as the checklist has them now.
UPDATE "hazards" h SET
  "source_task" = t."name",
  "source_item" = (SELECT i->>'prompt' FROM jsonb_array_elements(t."items") i WHERE i->>'code' = h."item_code" LIMIT 1)
FROM "task_instances" ti JOIN "task_templates" t ON t."id" = ti."template_id"
WHERE ti."id" = h."task_instance_id" AND h."source_task" IS NULL;--> statement-breakpoint
-- … and the task's place: its piece of equipment's, or the one place its grid covers.
UPDATE "hazards" h SET "place_id" = COALESCE(
  (SELECT e."place_id" FROM "equipment" e WHERE e."id" = ti."equipment_id"),
  (SELECT min(b."place_id"::text)::uuid FROM "grid_bindings" b WHERE b."grid_id" = ti."grid_id" AND b."place_id" IS NOT NULL HAVING count(*) = 1))
FROM "task_instances" ti
WHERE ti."id" = h."task_instance_id" AND h."place_id" IS NULL;
