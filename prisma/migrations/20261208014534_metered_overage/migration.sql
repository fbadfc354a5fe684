-- CreateEnum
CREATE TYPE "MeterEventStatus" AS ENUM ('pending', 'sent', 'rejected', 'unconfirmed');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "overageCapCents" INTEGER;

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "stripeMeteredItemId" TEXT,
ADD COLUMN     "stripeMeteredPriceId" TEXT;

-- CreateTable
CREATE TABLE "MeterEvent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 1,
    "status" "MeterEventStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "firstSentAt" TIMESTAMP(3),
    "claimedUntil" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeterEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeterEventDrain" (
    "orgId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeterEventDrain_pkey" PRIMARY KEY ("orgId")
);

-- CreateIndex
CREATE INDEX "MeterEvent_orgId_status_createdAt_idx" ON "MeterEvent"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "MeterEvent_orgId_periodStart_idx" ON "MeterEvent"("orgId", "periodStart");

-- AddForeignKey
ALTER TABLE "MeterEvent" ADD CONSTRAINT "MeterEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

