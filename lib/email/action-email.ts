import "server-only";
import { escapeHtml } from "@/lib/email/components";
import { SLOT_PATTERN, type Slots } from "./action-email-source";
import { ACTION_EMAIL_HTML } from "./action-email-template";

// Account emails are sent from the web process on requests anyone can make. Their MJML is compiled ahead of time
// (npm run emails:template), so the web process never loads MJML (a second's work the first time, on the event loop)
// and each message only fills the slots with escaped text.

/** The email's HTML: the compiled template with each slot replaced by its escaped text. */
export async function actionEmailHtml(slots: Slots): Promise<string> {
  return ACTION_EMAIL_HTML.replace(SLOT_PATTERN, (_, name: keyof Slots) =>
    // The closing note ends with the link written out, for clients that show no buttons.
    name === "footer" ? `${escapeHtml(slots.footer)}<br>${escapeHtml(slots.url)}` : escapeHtml(slots[name]),
  );
}
