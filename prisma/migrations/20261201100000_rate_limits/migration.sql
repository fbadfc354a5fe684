-- Counters of rate-limiter-flexible's PostgreSQL store, in its own table layout (not a Prisma model)
CREATE TABLE IF NOT EXISTS "RateLimit" (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
);
CREATE INDEX IF NOT EXISTS "RateLimit_expire_idx" ON "RateLimit"(expire);
