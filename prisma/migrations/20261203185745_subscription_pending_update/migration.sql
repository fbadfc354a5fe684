-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "pendingQuantity" INTEGER,
ADD COLUMN     "pendingUpdateExpiresAt" TIMESTAMP(3);

