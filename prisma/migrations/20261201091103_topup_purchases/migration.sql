-- CreateTable
CREATE TABLE "TopUpPurchase" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "packCode" TEXT NOT NULL,
    "credits" INTEGER NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "stripePaymentIntentId" TEXT NOT NULL,
    "stripeCustomerId" TEXT NOT NULL,
    "createdById" TEXT,
    "creditsGranted" INTEGER NOT NULL DEFAULT 0,
    "creditsOwed" INTEGER NOT NULL DEFAULT 0,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TopUpPurchase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TopUpPurchase_stripePaymentIntentId_key" ON "TopUpPurchase"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "TopUpPurchase_orgId_createdAt_idx" ON "TopUpPurchase"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "TopUpPurchase" ADD CONSTRAINT "TopUpPurchase_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

