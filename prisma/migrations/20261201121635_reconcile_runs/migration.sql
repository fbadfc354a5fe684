-- CreateEnum
CREATE TYPE "ReconcileStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "ReconcileRun" (
    "id" TEXT NOT NULL,
    "status" "ReconcileStatus" NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "orgId" TEXT,
    "since" TIMESTAMP(3),
    "requestedById" TEXT,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "findings" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ReconcileRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReconcileRun_createdAt_idx" ON "ReconcileRun"("createdAt");

