import { PrismaPg } from "@prisma/adapter-pg";
import { hashPassword } from "../lib/auth/password";
import { seedCatalog } from "./data/catalog";
import { requireDatabaseUrl } from "../lib/env";
import { PrismaClient, type Role } from "../lib/generated/prisma/client";

// Demo data (demo mode only: npm start on the embedded database, and the test stacks). Idempotent.
export const DEMO_PASSWORD = "tollgate-demo";

const USERS = [
  { email: "owner@acme.test", name: "Olivia Owner" },
  { email: "admin@acme.test", name: "Adam Admin" },
  { email: "member@acme.test", name: "Mia Member" },
  { email: "owner@globex.test", name: "Gus Globex" },
  { email: "ops@tollgate.test", name: "Tollgate Ops", isSuperadmin: true },
];

const ORGS: { slug: string; name: string; members: [string, Role][]; projects: [string, number][] }[] = [
  {
    slug: "acme",
    name: "Acme",
    members: [
      ["owner@acme.test", "owner"],
      ["admin@acme.test", "admin"],
      ["member@acme.test", "member"],
    ],
    projects: [
      ["Website", 5],
      ["Data pipeline", 3],
    ],
  },
  { slug: "globex", name: "Globex", members: [["owner@globex.test", "owner"]], projects: [] },
];

async function seed(db: PrismaClient) {
  await seedCatalog(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, string>();
  for (const u of USERS) {
    const user = await db.user.upsert({
      where: { email: u.email },
      create: { ...u, passwordHash, emailVerified: new Date() },
      update: { isSuperadmin: u.isSuperadmin ?? false },
    });
    ids.set(u.email, user.id);
  }
  for (const o of ORGS) {
    const org = await db.organization.upsert({ where: { slug: o.slug }, create: { slug: o.slug, name: o.name }, update: {} });
    for (const [email, role] of o.members) {
      const userId = ids.get(email)!;
      await db.membership.upsert({
        where: { orgId_userId: { orgId: org.id, userId } },
        create: { orgId: org.id, userId, role },
        update: {},
      });
    }
    for (const [name, runs] of o.projects) {
      const existing = await db.project.findUnique({ where: { orgId_name: { orgId: org.id, name } } });
      if (existing) continue;
      const project = await db.project.create({ data: { orgId: org.id, name } });
      const by = ids.get(o.members[0]![0])!;
      await db.run.createMany({ data: Array.from({ length: runs }, () => ({ orgId: org.id, projectId: project.id, createdById: by })) });
    }
  }
}

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: requireDatabaseUrl() }) });
try {
  await seed(db);
  console.log("Seeded demo data.");
} finally {
  await db.$disconnect();
}
