const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** A plain, client-safe HTML email with one call to action. */
export function actionEmailHtml(opts: { heading: string; intro: string; action: string; url: string; footer: string }): string {
  const url = escapeHtml(opts.url);
  return `<!doctype html><html><body style="margin:0;background:#f4f4f5;font-family:system-ui,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="480" cellpadding="0" cellspacing="0" style="background:#fff;border-radius:12px;padding:32px">
<tr><td style="font-weight:700;font-size:18px;padding-bottom:16px">Tollgate</td></tr>
<tr><td style="font-size:20px;font-weight:600;padding-bottom:8px">${escapeHtml(opts.heading)}</td></tr>
<tr><td style="font-size:15px;line-height:1.5;padding-bottom:24px">${escapeHtml(opts.intro)}</td></tr>
<tr><td><a href="${url}" style="display:inline-block;background:#4f46e5;color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escapeHtml(opts.action)}</a></td></tr>
<tr><td style="font-size:13px;color:#71717a;padding-top:24px;line-height:1.5">${escapeHtml(opts.footer)}<br>${url}</td></tr>
</table></td></tr></table></body></html>`;
}
