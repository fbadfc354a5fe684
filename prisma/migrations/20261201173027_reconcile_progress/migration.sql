-- AlterTable
ALTER TABLE "ReconcileRun" ADD COLUMN     "progress" JSONB;

