-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "overageMode" "OverageMode";

