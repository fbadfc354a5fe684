-- CreateEnum
CREATE TYPE "JobRunOutcome" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedById" TEXT,
    "outcome" "JobRunOutcome" NOT NULL DEFAULT 'queued',
    "summary" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapacitySnapshot" (
    "day" DATE NOT NULL,
    "capturedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "orgsTotal" INTEGER NOT NULL,
    "orgsActive" INTEGER NOT NULL,
    "orgsTrialing" INTEGER NOT NULL,
    "orgsPastDue" INTEGER NOT NULL,
    "subscriptionsByPlan" JSONB NOT NULL,
    "projects" INTEGER NOT NULL,
    "runsThisPeriod" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,
    "theoreticalLimits" JSONB NOT NULL,
    "creditsOutstanding" INTEGER NOT NULL,
    "mrrCents" INTEGER NOT NULL,
    "databaseBytes" BIGINT NOT NULL,

    CONSTRAINT "CapacitySnapshot_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE INDEX "JobRun_job_createdAt_idx" ON "JobRun"("job", "createdAt");

