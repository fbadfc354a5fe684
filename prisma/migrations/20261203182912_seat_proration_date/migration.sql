-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "seatProrationDate" INTEGER;

