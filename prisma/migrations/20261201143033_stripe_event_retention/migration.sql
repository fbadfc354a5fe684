-- AlterTable
ALTER TABLE "StripeEvent" ALTER COLUMN "payload" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "StripeEvent_stripeCreatedAt_idx" ON "StripeEvent"("stripeCreatedAt");

