import mjml2html from "mjml";

/**
 * MJML to HTML, strictly validated. No web fonts: MJML would link Google Fonts for a font it knows (Roboto), and an
 * email loads nothing from anyone else's servers.
 */
export async function compileMjml(mjml: string, what: string): Promise<string> {
  const { html, errors } = await mjml2html(mjml, { validationLevel: "strict", fonts: {} });
  if (errors.length > 0) throw new Error(`${what} does not render: ${errors.map((e) => e.formattedMessage).join("; ")}`);
  return html;
}
