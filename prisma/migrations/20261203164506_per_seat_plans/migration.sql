-- CreateEnum
CREATE TYPE "PlanPricing" AS ENUM ('flat', 'per_seat');

-- CreateEnum
CREATE TYPE "SeatIncrease" AS ENUM ('charge_now', 'next_invoice');

-- CreateEnum
CREATE TYPE "SeatDecrease" AS ENUM ('period_end', 'credit_now');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "seatVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "countInvitations" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "maxSeats" INTEGER,
ADD COLUMN     "minSeats" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "pricing" "PlanPricing" NOT NULL DEFAULT 'flat',
ADD COLUMN     "seatDecrease" "SeatDecrease" NOT NULL DEFAULT 'period_end',
ADD COLUMN     "seatIncrease" "SeatIncrease" NOT NULL DEFAULT 'charge_now';

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "quantity" INTEGER NOT NULL DEFAULT 1;

