// The pieces every email is built from, as MJML (account and billing emails alike): one layout, headings, paragraphs,
// a table of facts and a button. Every value passes through escapeHtml; MJML turns the result into inline-styled HTML
// mail clients render.

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c]!);
}

const BRAND = "#4f46e5";
const TEXT = "#18181b";
const MUTED = "#71717a";

export const heading = (text: string) =>
  `<mj-text font-size="20px" font-weight="600" color="${TEXT}" padding-bottom="8px">${escapeHtml(text)}</mj-text>`;

export const paragraph = (text: string) => `<mj-text font-size="15px" line-height="1.5" color="${TEXT}">${escapeHtml(text)}</mj-text>`;

export const facts = (rows: [string, string][]) =>
  `<mj-table font-size="14px" color="${TEXT}" padding-top="8px" padding-bottom="16px">${rows
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 0;color:${MUTED}">${escapeHtml(label)}</td><td style="padding:4px 0;text-align:right;font-weight:600">${escapeHtml(value)}</td></tr>`,
    )
    .join("")}</mj-table>`;

export const button = (label: string, url: string) =>
  `<mj-button href="${escapeHtml(url)}" background-color="${BRAND}" color="#ffffff" border-radius="8px" font-weight="600" align="left">${escapeHtml(label)}</mj-button>`;

export const footnote = (text: string) => `<mj-text font-size="13px" line-height="1.5" color="${MUTED}">${escapeHtml(text)}</mj-text>`;

/** The whole email: Tollgate's header, the content, and a closing note (why the recipient gets it). */
export function layout(preview: string, content: string[], closing: string): string {
  return `<mjml>
  <mj-head>
    <mj-preview>${escapeHtml(preview)}</mj-preview>
    <mj-attributes><mj-all font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f5">
    <mj-section padding="32px 16px 0"><mj-column>
      <mj-text font-size="18px" font-weight="700" color="${TEXT}">Tollgate</mj-text>
    </mj-column></mj-section>
    <mj-section background-color="#ffffff" border-radius="12px" padding="24px 16px"><mj-column>
      ${content.join("\n      ")}
    </mj-column></mj-section>
    <mj-section padding="16px"><mj-column>
      ${footnote(closing)}
    </mj-column></mj-section>
  </mj-body>
</mjml>`;
}
