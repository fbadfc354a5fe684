import { expect, test } from "@playwright/test";
import { signInWithApi, signInWithForm, uniqueEmail } from "./support/auth";
import { linkFromInbox } from "./support/inbox";
import { api } from "./support/api";

test.describe("bad input", () => {
  test("routes answer 400 with field errors, 409 for taken emails and slugs", async ({ request }) => {
    let res = await api(request).post("/api/v1/auth/signup", { data: { email: "nope", password: "short" } });
    expect(res.status()).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(["email", "name", "password"]);

    res = await api(request).post("/api/v1/auth/signup", { data: { name: "Copy", email: "OWNER@acme.test", password: "long enough pw" } });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.code).toBe("email_taken");

    res = await api(request).post("/api/v1/auth/signup", { headers: { "content-type": "application/json" }, data: "{not json" });
    expect(res.status()).toBe(400);

    await signInWithApi(request, "owner@globex.test");
    res = await api(request).post("/api/v1/orgs", { data: { name: "Acme again", slug: "acme" } });
    expect(res.status()).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: "slug_taken", fields: { slug: "This address is taken." } });
    res = await api(request).post("/api/v1/orgs", { data: { name: "X", slug: "api" } });
    expect(res.status()).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(["name", "slug"]);
    res = await api(request).post("/api/v1/orgs/globex/projects", { data: { name: "   " } });
    expect(res.status()).toBe(400);
    expect((await res.json()).error.fields.name).toBeTruthy();
    expect((await (await request.get("/api/v1/orgs/globex/projects")).json()).projects).toEqual([]);
  });

  test("a wrong password and an unknown email get the same message, and repeated failures are throttled", async ({ page, request }) => {
    const email = uniqueEmail("forgetful");
    await api(request).post("/api/v1/auth/signup", { data: { name: "F", email, password: "the right one" } });

    await signInWithForm(page, uniqueEmail("ghost"), "whatever");
    await expect(page.getByText("Invalid email or password.")).toBeVisible();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInWithForm(page, email, `wrong ${attempt}`);
      await expect(page.getByText("Invalid email or password.")).toBeVisible();
    }
    await signInWithForm(page, email, "the right one");
    await expect(page.getByText("Too many failed attempts")).toBeVisible();
    await expect(page.getByText("Invalid email or password.")).toHaveCount(0);
  });

  test("a reused or unknown invitation link shows a clear error page", async ({ page, request }) => {
    const email = uniqueEmail("once");
    await signInWithApi(request, "owner@globex.test");
    expect((await api(request).post("/api/v1/orgs/globex/invitations", { data: { email } })).status()).toBe(201);
    const link = await linkFromInbox(email, "invited you to Globex", "/invite/");

    await api(page.request).post("/api/v1/auth/signup", { data: { name: "Once", email, password: "long enough pw" } });
    await signInWithApi(page.request, email, "long enough pw");
    await page.goto(await linkFromInbox(email, "Confirm your email", "/verify-email"));
    await expect(page.getByText("Thanks, your email address is confirmed.")).toBeVisible();
    await page.goto(link);
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await expect(page.getByTestId("org-name")).toHaveText("Globex");

    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
    await expect(page.getByText("This invitation was already accepted.")).toBeVisible();
    const again = await api(page.request).post("/api/v1/invitations/accept", { data: { token: new URL(link).pathname.split("/")[2] } });
    expect(again.status()).toBe(400);

    await page.goto("/invite/not-a-real-token");
    await expect(page.getByText("This invitation link is not valid.")).toBeVisible();
  });
});

test.describe("account recovery", () => {
  test("a user resets a forgotten password with the emailed link, once", async ({ page, request }) => {
    const email = uniqueEmail("reset");
    await api(request).post("/api/v1/auth/signup", { data: { name: "R", email, password: "old password!" } });

    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByText("If an account exists for this address")).toBeVisible();

    const link = await linkFromInbox(email, "Reset your Tollgate password", "/reset-password");
    await page.goto(link);
    await page.getByLabel("New password").fill("new password!!");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("Your password was changed.")).toBeVisible();
    await signInWithForm(page, email, "new password!!");
    await expect(page).toHaveURL(/\/orgs\/new$/);

    await page.goto(link);
    await page.getByLabel("New password").fill("third password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
  });

  test("a user signs in with an emailed magic link", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Or get a sign-in link by email").fill("member@acme.test");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    const link = await linkFromInbox("member@acme.test", "Your Tollgate sign-in link", "/api/auth/callback/nodemailer");
    await page.goto(link);
    await expect(page).toHaveURL(/\/orgs$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("member@acme.test");
  });
});
