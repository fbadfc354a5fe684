/**
 * A small, valid PDF of text lines (Helvetica, A4). Hand-written on purpose:
 * an invoice PDF here needs only text, and this keeps the emulator free of a
 * layout engine.
 */
// WinAnsiEncoding, the standard fonts' own: Latin-1 from 0xA0 maps to itself; these few sit below it.
const WIN_ANSI: Record<string, string> = {
  "€": "\x80",
  "…": "\x85",
  "‘": "\x91",
  "’": "\x92",
  "“": "\x93",
  "”": "\x94",
  "•": "\x95",
  "–": "\x96",
  "—": "\x97",
};

/** A text in the bytes Helvetica's WinAnsiEncoding draws, as a PDF string; what it cannot draw becomes "?". */
function pdfString(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) out += ch === "\\" || ch === "(" || ch === ")" ? `\\${ch}` : ch;
    else if (code >= 0xa0 && code <= 0xff) out += ch;
    else out += WIN_ANSI[ch] ?? "?";
  }
  return out;
}

export function textPdf(lines: { text: string; size?: number; bold?: boolean }[]): Buffer {
  let y = 800;
  const ops: string[] = ["BT"];
  for (const line of lines) {
    const size = line.size ?? 11;
    y -= size + 8;
    ops.push(`/${line.bold ? "F2" : "F1"} ${size} Tf 1 0 0 1 56 ${y} Tm (${pdfString(line.text)}) Tj`);
  }
  ops.push("ET");
  const content = ops.join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
