// Victim information leaflets (/leaflets/:borough and its PDF): the QR code on the page and in
// the PDF both decode to the borough's standing feedback form, and both carry the 12 rights of
// the Victims' Code, the Victim Focus Desk's hours, the support services and how the forum works.
import * as leafletPage from "~/routes/leaflets.$borough";
import * as leafletPdf from "~/routes/leaflets.$borough_.leaflet[.]pdf";
import { BOROUGHS } from "~/utils/boroughs";
import { HOW_THE_FORUM_WORKS, SUPPORT_SERVICES, VICTIMS_CODE_RIGHTS } from "~/utils/victims-information";
import { qrCodesInPdf, readPdf } from "../support/pdf";
import { run } from "../support/routes";
import { useTestDatabase } from "../db";

useTestDatabase();

const FORM = (slug: string) => `${process.env.PUBLIC_URL ?? "http://localhost:3000"}/feedback/borough/${slug}`;

async function pdfOf(slug: string, query = "") {
  const res = await run(leafletPdf.loader, `/leaflets/${slug}/leaflet.pdf${query}`, { params: { borough: slug } });
  return res;
}

describe("a borough's leaflet", () => {
  it("the page carries the QR code of the borough's standing form, with the address as text, and is public", async () => {
    const page = await run(leafletPage.loader, "/leaflets/barking-and-dagenham", { params: { borough: "barking-and-dagenham" } });
    expect(page.status).toBe(200);
    expect(page.data.borough).toBe("Barking and Dagenham");
    expect(page.data.url).toMatch(/\/feedback\/borough\/barking-and-dagenham$/);
    expect(page.data.svg).toMatch(/^<svg role="img" aria-label="QR code of the feedback form for Barking and Dagenham"/);
    expect((await run(leafletPage.loader, "/leaflets/atlantis", { params: { borough: "atlantis" } })).status).toBe(404);
    expect(leafletPage.headers({ errorHeaders: undefined } as never)).toMatchObject({ "Cache-Control": expect.stringMatching(/^public/) });
  });

  it("the A4 PDF holds a QR code that decodes to the standing form, and the same words as the page", async () => {
    const res = await pdfOf("newham");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="victim-information-newham-a4.pdf"');
    const bytes = new Uint8Array(await (await leafletPdf.loader({ request: new Request("http://localhost:3000/leaflets/newham/leaflet.pdf"), params: { borough: "newham" }, context: {} })).arrayBuffer());
    expect(await qrCodesInPdf(bytes)).toEqual([FORM("newham")]);
    const pdf = await readPdf(bytes);
    expect(pdf.pages[0]).toMatchObject({ width: expect.closeTo(595.28, 1), height: expect.closeTo(841.89, 1) });
    expect(pdf.pages[0].text).toContain("Victim information: Newham");
    expect(pdf.pages[0].text).toContain("Tell us how the police treated you");
    expect(pdf.text).toContain(FORM("newham"));
    for (const [i, right] of VICTIMS_CODE_RIGHTS.entries()) expect(pdf.text).toContain(`${i + 1}. ${right.title}`);
    expect(pdf.text).toContain("7 days a week: 8am to 8pm Monday to Friday, 8am to 4pm at weekends");
    for (const service of SUPPORT_SERVICES) expect(pdf.text).toContain(`${service.name}: ${service.phone}`);
    expect(pdf.text).toContain(HOW_THE_FORUM_WORKS[0]);
  });

  it("the A5 PDF is A5, and its QR code decodes too; an unknown borough has no leaflet", async () => {
    const response = await leafletPdf.loader({ request: new Request("http://localhost:3000/leaflets/hackney/leaflet.pdf?size=a5"), params: { borough: "hackney" }, context: {} });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const pdf = await readPdf(bytes);
    expect(pdf.pages[0]).toMatchObject({ width: expect.closeTo(419.53, 1), height: expect.closeTo(595.28, 1) });
    expect(await qrCodesInPdf(bytes)).toEqual([FORM("hackney")]);
    expect((await pdfOf("atlantis")).status).toBe(404);
  });

  it("every borough and the City has a leaflet", async () => {
    expect(BOROUGHS).toHaveLength(33);
    for (const b of BOROUGHS) {
      const page = await run(leafletPage.loader, `/leaflets/${b.slug}`, { params: { borough: b.slug } });
      expect(page.data.borough).toBe(b.name);
    }
  });
});
