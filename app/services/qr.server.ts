// QR codes as SVG (the `qrcode` package): large, black on white, with the quiet zone scanners
// need. The SVG is made here from our own URLs, so it is safe to put into the page as markup.
import { lazyModule } from "~/utils/lazy-module";

/** The `qrcode` package, loaded when a QR code is first made, not at start (issue 13). */
export const qrcode = lazyModule<typeof import("qrcode")>("qrcode");

export async function qrSvg(url: string, label: string): Promise<string> {
  const svg = await qrcode().toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
  // An accessible name for the image; the link is also printed as text beside it.
  return svg.replace("<svg ", `<svg role="img" aria-label="${label.replace(/[<>&"]/g, "")}" `);
}

/** The QR code's modules as a matrix, for drawing it into a PDF. */
export function qrModules(url: string): { size: number; dark: (x: number, y: number) => boolean } {
  const code = qrcode().create(url, { errorCorrectionLevel: "M" });
  const size = code.modules.size;
  return { size, dark: (x, y) => Boolean(code.modules.get(y, x)) };
}

/** The QR code as a PNG (black on white, `scale` pixels a module, quiet zone included), for the leaflets' PDF. */
export async function qrPng(url: string, scale = 10): Promise<Buffer> {
  return qrcode().toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 4, scale, color: { dark: "#000000", light: "#ffffff" } });
}
