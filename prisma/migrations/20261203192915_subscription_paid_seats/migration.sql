-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "paidSeats" INTEGER NOT NULL DEFAULT 1;


-- Subscriptions mirrored before: their current quantity is what they were last billed for.
UPDATE "Subscription" SET "paidSeats" = "quantity";
