import { expect, test } from "@playwright/test";
import { signInWithApi, uniqueEmail } from "./support/auth";
import { api } from "./support/api";

test.describe("roles", () => {
  test("a member can work on projects but gets 403 on admin routes", async ({ request }) => {
    await signInWithApi(request, "member@acme.test");
    const { projects } = await (await request.get("/api/v1/orgs/acme/projects")).json();
    const { members } = await (await request.get("/api/v1/orgs/acme/members")).json();
    const admin = members.find((m: { email: string }) => m.email === "admin@acme.test");

    const refused: [string, string, unknown?][] = [
      ["GET", "/api/v1/orgs/acme/invitations"],
      ["POST", "/api/v1/orgs/acme/invitations", { email: "friend@example.test" }],
      ["PATCH", `/api/v1/orgs/acme/members/${admin.userId}`, { role: "member" }],
      ["DELETE", `/api/v1/orgs/acme/members/${admin.userId}`],
      ["DELETE", `/api/v1/orgs/acme/projects/${projects[0].id}`],
    ];
    for (const [method, url, data] of refused) {
      const res = await api(request).fetch(url, { method, data });
      expect(res.status(), `${method} ${url}`).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    const run = await api(request).post(`/api/v1/orgs/acme/projects/${projects[0].id}/runs`);
    expect(run.status()).toBe(201);
  });

  test("an admin cannot demote the owner", async ({ request }) => {
    await signInWithApi(request, "admin@acme.test");
    const { members } = await (await request.get("/api/v1/orgs/acme/members")).json();
    const owner = members.find((m: { email: string }) => m.email === "owner@acme.test");
    const res = await api(request).patch(`/api/v1/orgs/acme/members/${owner.userId}`, { data: { role: "member" } });
    expect(res.status()).toBe(403);
  });

  test("the members page shows a member no management controls", async ({ page }) => {
    await signInWithApi(page.request, "member@acme.test");
    await page.goto("/acme/members");
    await expect(page.getByTestId("members-list")).toContainText("owner@acme.test");
    await expect(page.getByLabel("Invite by email")).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Leave" })).toHaveCount(1);
  });

  test("a user in two organizations switches between them", async ({ page }) => {
    const email = uniqueEmail("switcher");
    expect(
      (await api(page.request).post("/api/v1/auth/signup", { data: { name: "Sam", email, password: "long enough pw" } })).status(),
    ).toBe(201);
    await signInWithApi(page.request, email, "long enough pw");
    const suffix = email.slice(9, 17);
    for (const name of ["Alpha", "Beta"]) {
      const res = await api(page.request).post("/api/v1/orgs", {
        data: { name: `${name} ${suffix}`, slug: `${name.toLowerCase()}-${suffix}` },
      });
      expect(res.status()).toBe(201);
    }
    await page.goto(`/alpha-${suffix}/projects`);
    await page.getByRole("button", { name: `Alpha ${suffix}` }).click();
    await page.getByRole("menuitem", { name: `Beta ${suffix}` }).click();
    await expect(page.getByTestId("org-name")).toHaveText(`Beta ${suffix}`);
    await expect(page).toHaveURL(new RegExp(`/beta-${suffix}/projects$`));
  });
});
