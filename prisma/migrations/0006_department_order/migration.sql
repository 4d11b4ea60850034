-- The lab's official order of its departments. Existing departments keep the order they had (by code) until an
-- admin changes it.
ALTER TABLE "Department" ADD COLUMN "sortOrder" INTEGER NOT NULL DEFAULT 0;

UPDATE "Department" SET "sortOrder" = (SELECT COUNT(*) FROM "Department" AS "other" WHERE "other"."code" <= "Department"."code");

-- CreateIndex
CREATE INDEX "Department_sortOrder_code_idx" ON "Department"("sortOrder", "code");
