-- CreateTable
CREATE TABLE "InstalledLicense" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "licenseId" TEXT NOT NULL,
    "licensee" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "installedById" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstalledLicense_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InstalledLicense_installedAt_idx" ON "InstalledLicense"("installedAt");

