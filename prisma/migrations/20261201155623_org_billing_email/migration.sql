-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "billingEmail" TEXT;

