import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A unique constraint refused the write: P2002 from the client's own queries; from a raw one, P2010 carrying the
 * driver adapter's error, whose cause names PostgreSQL's SQLSTATE 23505.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2002") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return err.code === "P2010" && cause?.originalCode === "23505";
}

/**
 * PostgreSQL refusing a NUL byte in text (22021) or in JSON (22P05): bad input that got past the edge's checks, to be
 * answered as such. Matched on the message, through the causes, since the driver adapter wraps the database's error.
 */
export function isNulByteRefusal(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/invalid byte sequence for encoding "UTF8": 0x00|unsupported Unicode escape sequence|\\u0000 cannot be converted/.test(e.message))
      return true;
  }
  return false;
}
