// The victim information leaflet of a borough as a PDF (pdf-lib), A4 or A5: the QR code to the
// borough's standing feedback form (a PNG from the qrcode package, drawn large), the 12 rights of
// the Victims' Code, the Victim Focus Desk, support services and how the Victim Voice Forum
// works. The words are the same as the printable page's (app/utils/victims-information.ts).
// pdf-lib is loaded when a leaflet is first made, not at start (issue 13: idle memory).
import type { PDFFont, PDFPage } from "pdf-lib";
import { HOW_THE_FORUM_WORKS, SUPPORT_SERVICES, VICTIM_FOCUS_DESK, VICTIMS_CODE_RIGHTS } from "~/utils/victims-information";
import { qrPng } from "./qr.server";

export type PaperSize = "a4" | "a5";
const SIZES: Record<PaperSize, { width: number; height: number; margin: number; body: number; qr: number }> = {
  a4: { width: 595.28, height: 841.89, margin: 42, body: 10, qr: 156 },
  a5: { width: 419.53, height: 595.28, margin: 28, body: 8.5, qr: 128 },
};

/** Splits text into lines no wider than `width` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export async function leafletPdf(input: { boroughName: string; formUrl: string; size: PaperSize }): Promise<Uint8Array> {
  const { PDFDocument, rgb, StandardFonts } = await import("pdf-lib");
  const BLACK = rgb(0.043, 0.047, 0.047);
  const s = SIZES[input.size];
  const doc = await PDFDocument.create();
  doc.setTitle(`Victim information: ${input.boroughName}`);
  doc.setSubject("Tell us how the police treated you, your rights under the Victims' Code, and where to get support");
  doc.setAuthor("Victim Voice Forum");
  doc.setLanguage("en-GB");
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const qr = await doc.embedPng(await qrPng(input.formUrl));
  const textWidth = s.width - 2 * s.margin;

  let page: PDFPage = doc.addPage([s.width, s.height]);
  let y = s.height - s.margin;
  const need = (height: number) => {
    if (y - height < s.margin) {
      page = doc.addPage([s.width, s.height]);
      y = s.height - s.margin;
    }
  };
  const paragraph = (text: string, opts: { font?: PDFFont; size?: number; x?: number; width?: number; gap?: number } = {}) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? s.body;
    const x = opts.x ?? s.margin;
    const lineHeight = size * 1.3;
    for (const line of wrap(text, font, size, opts.width ?? textWidth)) {
      need(lineHeight);
      y -= lineHeight;
      page.drawText(line, { x, y: y + size * 0.25, size, font, color: BLACK });
    }
    y -= opts.gap ?? size * 0.6;
  };
  const heading = (text: string, size = s.body * 1.4) => {
    need(size * 4);
    y -= size * 0.4;
    paragraph(text, { font: bold, size, gap: size * 0.3 });
  };

  paragraph(`Victim information: ${input.boroughName}`, { font: bold, size: s.body * 2.2, gap: s.body * 0.2 });
  paragraph("Metropolitan Police and the Victim Voice Forum", { size: s.body * 1.1, gap: s.body });

  // The QR code on the left, what it is for beside it.
  heading("Tell us how the police treated you", s.body * 1.6);
  const top = y;
  page.drawImage(qr, { x: s.margin - 4, y: top - s.qr, width: s.qr, height: s.qr });
  const besideX = s.margin + s.qr + 8;
  const besideWidth = s.width - s.margin - besideX;
  paragraph("Scan this code with your phone's camera. It takes about a minute. You do not need an account and we do not ask your name.", {
    x: besideX,
    width: besideWidth,
  });
  paragraph("Officers only see totals from 5 or more people, never one person's answer.", { x: besideX, width: besideWidth });
  paragraph("Or type this address:", { x: besideX, width: besideWidth, gap: 2 });
  paragraph(input.formUrl, { x: besideX, width: besideWidth, font: bold });
  y = Math.min(y, top - s.qr) - s.body;

  paragraph("If you are in danger now, call 999. If it is not an emergency, call 101.", { font: bold });

  heading("Your 12 rights under the Victims' Code");
  paragraph("If you are a victim of crime in England or Wales, the Code of Practice for Victims of Crime gives you these rights, whether or not you report the crime (some start when you do).");
  VICTIMS_CODE_RIGHTS.forEach((right, i) => {
    need(s.body * 4);
    paragraph(`${i + 1}. ${right.title}`, { font: bold, gap: 1 });
    paragraph(right.text, { x: s.margin + 10, width: textWidth - 10 });
  });

  heading(VICTIM_FOCUS_DESK.name);
  paragraph(VICTIM_FOCUS_DESK.hours, { font: bold, gap: 2 });
  paragraph(VICTIM_FOCUS_DESK.text);

  heading("Support services");
  paragraph("These services are free and confidential. You can contact them even if you have not told the police.");
  for (const service of SUPPORT_SERVICES) {
    need(s.body * 4);
    paragraph(`${service.name}: ${service.phone}`, { font: bold, gap: 1 });
    paragraph(service.text, { x: s.margin + 10, width: textWidth - 10 });
  }

  heading("How the Victim Voice Forum works");
  for (const text of HOW_THE_FORUM_WORKS) paragraph(text);

  return doc.save();
}
