-- CreateEnum
CREATE TYPE "BillingEmailStatus" AS ENUM ('pending', 'sent', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "BillingEmail" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "causeKey" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "status" "BillingEmailStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentTo" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BillingEmail_status_createdAt_idx" ON "BillingEmail"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BillingEmail_kind_causeKey_key" ON "BillingEmail"("kind", "causeKey");

-- AddForeignKey
ALTER TABLE "BillingEmail" ADD CONSTRAINT "BillingEmail_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

