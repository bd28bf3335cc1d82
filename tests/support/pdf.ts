// Reading back the PDFs the site makes (pdf-lib, which makes them, parses them too): the text
// each page draws and the images it embeds, as RGBA pixels a QR decoder (jsQR) can read.
import zlib from "node:zlib";
import jsQR from "jsqr";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFObject } from "pdf-lib";

const bytesOf = (stream: PDFRawStream) => {
  const filter = stream.dict.get(PDFName.of("Filter"));
  const raw = Buffer.from(stream.contents);
  return filter === PDFName.of("FlateDecode") ? zlib.inflateSync(raw) : raw;
};

const num = (dict: PDFDict, key: string) => (dict.get(PDFName.of(key)) as PDFNumber).asNumber();

export type PdfReading = { pages: { width: number; height: number; text: string }[]; text: string; images: { width: number; height: number; rgba: Uint8ClampedArray }[] };

/** The text drawn on each page (its strings, in order, joined by spaces) and every embedded image. */
export async function readPdf(bytes: Uint8Array): Promise<PdfReading> {
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPages().map((page) => {
    const contents = page.node.get(PDFName.of("Contents")) as PDFObject;
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    const streams = refs.map((r) => doc.context.lookup(r)).filter((s): s is PDFRawStream => s instanceof PDFRawStream);
    const ops = streams.map((s) => bytesOf(s).toString("latin1")).join("\n");
    const strings = [...ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) => Buffer.from(m[1], "hex").toString("latin1"));
    const { width, height } = page.getSize();
    return { width, height, text: strings.join(" ").replace(/\s+/g, " ") };
  });
  const images: PdfReading["images"] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of("Subtype")) !== PDFName.of("Image")) continue;
    const width = num(object.dict, "Width");
    const height = num(object.dict, "Height");
    const data = bytesOf(object);
    const channels = data.length / (width * height);
    // 8 bits a channel: RGB (3) or grey, such as a transparency mask (1).
    if (channels !== 1 && channels !== 3) continue;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const [r, g, b] = channels === 1 ? [data[i], data[i], data[i]] : [data[i * channels], data[i * channels + 1], data[i * channels + 2]];
      rgba.set([r, g, b, 255], i * 4);
    }
    images.push({ width, height, rgba });
  }
  return { pages, text: pages.map((p) => p.text).join(" "), images };
}

/** The QR codes found in the PDF's images, decoded. */
export async function qrCodesInPdf(bytes: Uint8Array): Promise<string[]> {
  const { images } = await readPdf(bytes);
  return images.map((i) => jsQR(i.rgba, i.width, i.height)?.data).filter((d): d is string => !!d);
}
