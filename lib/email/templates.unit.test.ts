import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionEmailTemplateModule } from "./action-email-template-module";
import { loadedResources } from "@/test/support/email-resources";
import { invitationMessage, verifyEmailMessage } from "./templates";

describe("account emails", () => {
  it("are MJML's inline-styled HTML with every value escaped into its slot, and a text part", async () => {
    const url = "http://127.0.0.1:3000/invite/abc?x=1&y=2";
    const message = await invitationMessage("new@example.com", url, `Acme <script>alert(1)</script>`, `Ann "A" O'Neil`, "admin");
    expect(message.subject).toBe(`Ann "A" O'Neil invited you to Acme <script>alert(1)</script> on Tollgate`);
    expect(message.html).toContain("Join Acme &lt;script&gt;alert(1)&lt;/script&gt; on Tollgate");
    expect(message.html).toContain("Ann &quot;A&quot; O&#39;Neil invited you to join");
    expect(message.html).not.toContain("<script>");
    expect(message.html).toContain(`href="http://127.0.0.1:3000/invite/abc?x=1&amp;y=2"`);
    expect(message.html).not.toMatch(/tollgate-slot-/);
    // MJML's output, not a hand-written page: its responsive tables and inline styles.
    expect(message.html).toMatch(/<!doctype html>/i);
    expect(message.html).toContain("mj-column-per-100");
    expect(message.text).toContain(`Accept invitation: ${url}`);
    // Nothing loaded from anyone else's servers (MJML links Google Fonts unless told not to).
    expect(loadedResources(message.html)).toEqual([]);
  });

  it("fill the one compiled template with each message's own text", async () => {
    const [first, second] = await Promise.all([
      verifyEmailMessage("a@example.com", "http://127.0.0.1:3000/verify-email?token=one"),
      verifyEmailMessage("b@example.com", "http://127.0.0.1:3000/verify-email?token=two"),
    ]);
    expect(first.html).toContain("token=one");
    expect(first.html).not.toContain("token=two");
    expect(second.html).toContain("token=two");
    expect(first.html.replaceAll("token=one", "token=two")).toBe(second.html);
  });

  it("are compiled ahead of time from their MJML source (npm run emails:template writes it)", async () => {
    const stored = readFileSync(path.join(import.meta.dirname, "action-email-template.ts"), "utf8");
    expect(stored, "lib/email/action-email-template.ts is stale: run npm run emails:template").toBe(await actionEmailTemplateModule());
  });
});
