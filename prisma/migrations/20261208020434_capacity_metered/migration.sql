-- AlterTable
ALTER TABLE "CapacitySnapshot" ADD COLUMN     "meteredCents" INTEGER NOT NULL DEFAULT 0;

