-- CreateEnum
CREATE TYPE "CreditReason" AS ENUM ('topup', 'usage', 'refund', 'adjustment');

-- CreateTable
CREATE TABLE "CreditLedgerEntry" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" "CreditReason" NOT NULL,
    "sourceId" TEXT NOT NULL,
    "balanceAfter" INTEGER NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditLedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreditLedgerEntry_orgId_createdAt_idx" ON "CreditLedgerEntry"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_reason_sourceId_key" ON "CreditLedgerEntry"("reason", "sourceId");

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Organization" ADD CONSTRAINT "Organization_creditBalance_not_negative" CHECK ("creditBalance" >= 0);
