import { button, heading, layout, paragraph } from "@/lib/email/components";

// Account emails (confirmation, sign-in link, reset, invitation) share one shape: a heading, a sentence, one button
// and a note, each a named slot in this MJML.

export type Slots = { heading: string; intro: string; action: string; url: string; footer: string };
export const SLOT_PATTERN = /tollgate-slot-(heading|intro|action|url|footer)/g;
const SLOT = (name: keyof Slots) => `tollgate-slot-${name}`;

/** The account email's MJML, with a marker in each slot. */
export function actionEmailMjml(): string {
  return layout(SLOT("heading"), [heading(SLOT("heading")), paragraph(SLOT("intro")), button(SLOT("action"), SLOT("url"))], SLOT("footer"));
}
