import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { Role } from "@/lib/orgs/roles";
import { sharedTestValue } from "@/test/support/test-settings";

export const uniqueEmail = (label = "user") => `${label}-${randomUUID().slice(0, 8)}@example.test`;
export const inboxUrl = () => sharedTestValue("TOLLGATE_TEST_MAIL_URL")!;

// One real hash per password for the whole file: a test's users need working passwords, not distinct salts.
const hashes = new Map<string, Promise<string>>();
const hashOnce = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
};

export async function makeUser(opts: { email?: string; password?: string; verified?: boolean } = {}): Promise<CurrentUser> {
  const user = await db.user.create({
    data: {
      email: opts.email ?? uniqueEmail(),
      name: "Test User",
      passwordHash: await hashOnce(opts.password ?? "correct horse battery"),
      emailVerified: opts.verified === false ? null : new Date(),
    },
  });
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified !== null, isSuperadmin: false };
}

export async function makeOrg(members: [CurrentUser, Role][]) {
  const slug = `org-${randomUUID().slice(0, 8)}`;
  return db.organization.create({
    data: { slug, name: `Org ${slug}`, memberships: { create: members.map(([u, role]) => ({ userId: u.id, role })) } },
    select: { id: true, slug: true, name: true },
  });
}

/** A client network address of its own, so one test's rate-limit counts never reach another's. */
export const testClientIp = () => `test-client-${randomUUID()}`;
