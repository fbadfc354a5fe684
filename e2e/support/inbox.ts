import { expect } from "@playwright/test";
import { linkIn, listEmails, type CaughtEmail } from "../../test/support/mailbox";
import { inboxUrl } from "./env";

/** Waits, as a person refreshing their inbox would, for an email and returns the link in it. */
export async function linkFromInbox(to: string, subjectIncludes: string, pathPrefix: string): Promise<string> {
  let found: CaughtEmail | undefined;
  await expect
    .poll(
      async () => {
        found = (await listEmails(inboxUrl(), to)).filter((m) => m.subject.includes(subjectIncludes)).at(-1);
        return found?.subject ?? "";
      },
      { message: `email "${subjectIncludes}" to ${to}` },
    )
    .toContain(subjectIncludes);
  return linkIn(found!, pathPrefix);
}
