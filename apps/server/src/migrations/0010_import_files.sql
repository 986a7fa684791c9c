ALTER TABLE "files" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_removed_at" timestamp with time zone;--> statement-breakpoint
-- Sheets uploaded for imports before this migration hold national IDs too: mark them, so only their
-- importer and school admins read them, and the retention sweep deletes them.
UPDATE "files" SET "purpose" = 'import' WHERE "id" IN (SELECT "file_id" FROM "imports");
--> statement-breakpoint
-- Problem reports written before this migration echo national IDs and phone numbers in clear:
-- mask them as the import runner now does (370502********1234, 138****5678), and clip long cells.
UPDATE "imports" SET "problems" = (
  SELECT jsonb_agg(
    CASE
      WHEN p->>'column' = '身份证号' THEN jsonb_set(p, '{value}', to_jsonb(
        CASE WHEN length(p->>'value') >= 12
          THEN left(p->>'value', 6) || '********' || right(p->>'value', 4)
          ELSE repeat('*', length(p->>'value')) END))
      WHEN p->>'column' IN ('手机号', '账号') AND p->>'value' ~ '^\+?\d[\d -]{6,}$' THEN jsonb_set(p, '{value}',
        to_jsonb(left(p->>'value', 3) || '****' || right(p->>'value', 4)))
      WHEN p->>'column' = '手机号' AND p->>'value' <> '' THEN jsonb_set(p, '{value}', '"****"')
      WHEN length(p->>'value') > 100 THEN jsonb_set(p, '{value}', to_jsonb(left(p->>'value', 100) || '…'))
      ELSE p
    END ORDER BY ord)
  FROM jsonb_array_elements("problems") WITH ORDINALITY AS t(p, ord)
) WHERE "problems" IS NOT NULL AND jsonb_array_length("problems") > 0;
