import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD } from "./env";
import { api } from "./api";

export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

/** Signs a request context (or a page's context, via page.request) in through Auth.js, as the sign-in form does. */
export async function signInWithApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD, origin?: string): Promise<void> {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await api(request, origin).post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/orgs" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  expect(res.headers().location).not.toContain("error");
}

export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
