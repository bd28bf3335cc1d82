// Victim information leaflets: the printable page's QR code and the PDF's both decode to the
// borough's standing feedback form; printed, only the leaflet is left.
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { qrCodesInPdf, readPdf } from "../support/pdf";
import { expectAccessiblePage, visit } from "./helpers";

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

test("a borough's leaflet: the page's QR code and the PDF's decode to the borough's feedback form", async ({ page, baseURL }) => {
  const form = `${baseURL}/feedback/borough/waltham-forest`;
  await test.step("from the list of leaflets to Waltham Forest's", async () => {
    await visit(page, "/leaflets", "Victim information leaflets");
    await page.getByRole("link", { name: "Waltham Forest" }).click();
    await expectAccessiblePage(page, "Victim information: Waltham Forest");
    await expect(page.getByTestId("leaflet-rights").getByRole("listitem")).toHaveCount(12);
    await expect(page.getByText("7 days a week: 8am to 8pm Monday to Friday, 8am to 4pm at weekends")).toBeVisible();
  });
  await test.step("the QR code on the page decodes to the form, printed under it", async () => {
    await expect(page.getByTestId("leaflet-url")).toHaveText(form);
    expect(decodeQr(await page.getByTestId("leaflet-qr").screenshot())).toBe(form);
  });
  await test.step("printed, the leaflet is all that is left, its QR code still readable", async () => {
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("banner")).toBeHidden();
    await expect(page.getByRole("button", { name: /Exit this page/ })).toBeHidden();
    await expect(page.getByRole("link", { name: /A4 PDF/ })).toBeHidden();
    expect(decodeQr(await page.getByTestId("leaflet-qr").screenshot())).toBe(form);
    await page.emulateMedia({ media: "screen" });
  });
  await test.step("the A4 PDF downloads and its QR code decodes to the form", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: /A4 PDF/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("victim-information-waltham-forest-a4.pdf");
    const bytes = new Uint8Array(await (await page.request.get("/leaflets/waltham-forest/leaflet.pdf")).body());
    expect(await qrCodesInPdf(bytes)).toEqual([form]);
    expect((await readPdf(bytes)).text).toContain("Your 12 rights under the Victims' Code");
  });
  await test.step("the form the code opens is the borough's", async () => {
    await page.goto(new URL(form).pathname);
    await expectAccessiblePage(page, "Tell us how the police treated you");
    await expect(page.getByText("in Waltham Forest")).toBeVisible();
  });
});
