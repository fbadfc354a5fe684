// Reads what the mail catcher received, as a person reads their inbox.
export type CaughtEmail = { id: string; subject: string; text: string; html: string; to: { address: string }[] };

export async function listEmails(inboxUrl: string, to: string): Promise<CaughtEmail[]> {
  const res = await fetch(`${inboxUrl}/api/email`);
  if (!res.ok) throw new Error(`mail catcher answered ${res.status}`);
  const all = (await res.json()) as CaughtEmail[];
  return all.filter((m) => m.to.some((r) => r.address.toLowerCase() === to.toLowerCase()));
}

/** The newest email to this address whose subject contains the text, once it has arrived. */
export async function waitForEmail(inboxUrl: string, to: string, subjectIncludes: string, timeoutMs = 15_000): Promise<CaughtEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = (await listEmails(inboxUrl, to)).filter((m) => m.subject.includes(subjectIncludes)).at(-1);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no email "${subjectIncludes}" to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first link in the email's text whose path starts with the prefix. */
export function linkIn(email: CaughtEmail, pathPrefix: string): string {
  const link = email.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in "${email.subject}"`);
  return link;
}
