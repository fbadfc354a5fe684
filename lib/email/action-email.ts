import "server-only";
import { button, compileMjml, escapeHtml, heading, layout, paragraph } from "@/lib/email/components";

// Account emails (confirmation, sign-in link, reset, invitation) share one shape: a heading, a sentence, one button
// and a note. They are sent from the web process on requests anyone can make, so MJML (tens of milliseconds) runs
// once per process on a template with slots, and each message only fills the slots with escaped text.

type Slots = { heading: string; intro: string; action: string; url: string; footer: string };
const SLOT = (name: keyof Slots) => `tollgate-slot-${name}`;

let template: Promise<string> | undefined;

function compiledTemplate(): Promise<string> {
  template ??= (async () => {
    const mjml = layout(
      SLOT("heading"),
      [heading(SLOT("heading")), paragraph(SLOT("intro")), button(SLOT("action"), SLOT("url"))],
      SLOT("footer"),
    );
    return compileMjml(mjml, "the account email");
  })();
  return template;
}

/** The email's HTML: the compiled template with each slot replaced by its escaped text. */
export async function actionEmailHtml(slots: Slots): Promise<string> {
  const html = await compiledTemplate();
  return html.replace(/tollgate-slot-(heading|intro|action|url|footer)/g, (_, name: keyof Slots) =>
    // The closing note ends with the link written out, for clients that show no buttons.
    name === "footer" ? `${escapeHtml(slots.footer)}<br>${escapeHtml(slots.url)}` : escapeHtml(slots[name]),
  );
}
