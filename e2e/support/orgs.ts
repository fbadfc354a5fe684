import { expect, type APIRequestContext } from "@playwright/test";
import { api } from "./api";
import { signInWithApi, uniqueEmail } from "./auth";
import { linkFromInbox } from "./inbox";

// People and orgs made for one journey, so journeys that change billing never share state (the seeded
// Acme and Globex stay as `npm start` left them, for the journeys that only read them).

const PASSWORD = "long enough pw";

/** Signs up a new user (at `email`, or an address of their own), signs them in on `request` and confirms the address from the emailed link. */
export async function verifiedUser(
  request: APIRequestContext,
  label: string,
  email = uniqueEmail(label),
): Promise<{ email: string; password: string }> {
  expect((await api(request).post("/api/v1/auth/signup", { data: { name: label, email, password: PASSWORD } })).status()).toBe(201);
  await signInWithApi(request, email, PASSWORD);
  const confirmed = await request.get(await linkFromInbox(email, "Confirm your email", "/verify-email"));
  expect(confirmed.ok()).toBe(true);
  return { email, password: PASSWORD };
}

/** Adds the user signed in on `member` to the org with `role`: invited by an admin, accepted from the emailed link. */
export async function joinAsMember(
  admin: APIRequestContext,
  member: APIRequestContext,
  memberEmail: string,
  orgSlug: string,
  role: "member" | "admin" | "owner" = "member",
) {
  const invited = await api(admin).post(`/api/v1/orgs/${orgSlug}/invitations`, { data: { email: memberEmail, role } });
  expect(invited.status()).toBe(201);
  const link = await linkFromInbox(memberEmail, "invited you to", "/invite/");
  const token = new URL(link).pathname.split("/").at(-1);
  expect((await api(member).post("/api/v1/invitations/accept", { data: { token } })).status()).toBe(200);
}
