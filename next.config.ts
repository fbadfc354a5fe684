import type { NextConfig } from "next";

const config: NextConfig = {
  // The database driver and mailer are Node libraries; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "nodemailer", "mjml", "bcryptjs", "pino", "pino-pretty"],
  poweredByHeader: false,
};

export default config;
