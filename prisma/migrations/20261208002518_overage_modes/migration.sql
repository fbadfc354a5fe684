-- CreateEnum
CREATE TYPE "OverageMode" AS ENUM ('credits', 'metered', 'stop');

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "overageModes" "OverageMode"[] DEFAULT ARRAY['credits']::"OverageMode"[],
ADD COLUMN     "overageRunPriceCents" INTEGER,
ADD COLUMN     "stripeMeteredAnnualPriceId" TEXT,
ADD COLUMN     "stripeMeteredMonthlyPriceId" TEXT;

-- CreateTable
CREATE TABLE "BillingMeter" (
    "code" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "stripeMeterId" TEXT,

    CONSTRAINT "BillingMeter_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillingMeter_eventName_key" ON "BillingMeter"("eventName");

