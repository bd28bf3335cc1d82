// My Met Service journeys: an officer on a phone asks a victim for feedback and shows a QR
// code that really scans to the link; the victim answers on a 320 px phone with JavaScript
// switched off, past the identifying-details check; a moderator reads the comment.
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { DEMO_OFFICERS } from "../../db/seed-feedback";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { expectAccessiblePage, expectAccessiblePageWithoutJavaScript, journeyTag, newPerson, PHONE, signIn, signInTo, visit } from "./helpers";

const SMALL_PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };

/** Decodes the QR code in a PNG screenshot (jsQR reads RGBA pixels). */
function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

test("an officer shows a QR code that scans to the feedback link; the victim answers without JavaScript; a moderator reads the comment", async ({ browser }) => {
  test.setTimeout(240_000);
  // officer7 (Tower Hamlets) belongs to this journey alone.
  const officer = DEMO_OFFICERS[6];
  const run = journeyTag();
  const { context, page } = await newPerson(browser, PHONE);
  await test.step("the officer asks for feedback", async () => {
    await signInTo(page, officer.email, "/officer/feedback/new");
    await expectAccessiblePage(page, "Ask for feedback");
    await page.getByLabel("Took a statement").check();
    await page.getByLabel("Show a QR code on this phone").check();
    await page.getByRole("button", { name: "Get the link" }).click();
    await expectAccessiblePage(page, "Show this to the victim");
  });
  const url = await test.step("the QR code decodes to the link printed under it", async () => {
    const url = (await page.getByTestId("feedback-url").innerText()).trim();
    expect(url).toMatch(/\/feedback\/[\w-]{32}$/);
    const qr = page.getByTestId("feedback-qr");
    const box = await qr.boundingBox();
    // Large enough to scan from a phone held out at arm's length.
    expect(box!.width).toBeGreaterThanOrEqual(250);
    expect(decodeQr(await qr.screenshot())).toBe(url);
    return url;
  });
  await context.close();

  // The victim's phone: 320 px wide, JavaScript switched off. axe scans each page as a copy in
  // a tab of the same width that may run it (helpers.ts).
  const scanning = await newPerson(browser, SMALL_PHONE);
  const scanner = scanning.page;
  const victim = await newPerson(browser, { ...SMALL_PHONE, javaScriptEnabled: false });
  const v = victim.page;
  const path = new URL(url).pathname;
  const comment = `The officer listened and explained what happens next (${run}).`;
  const contact = `journey-${run}@example.test`;

  await test.step("the victim opens the link: the form, help and Exit this page, nothing wider than the phone", async () => {
    const response = await v.goto(path);
    expect(response!.status()).toBe(200);
    await expectAccessiblePageWithoutJavaScript(v, scanner, "Tell us how the police treated you");
    await expect(v.getByRole("button", { name: /Exit this page/ })).toHaveAttribute("href", /^https?:\/\//);
    await expect(v.getByRole("link", { name: "Your 12 rights as a victim of crime" })).toBeVisible();
    await expect(v.getByRole("link", { name: "0808 16 89 111" })).toBeVisible();
    // Nothing scrolls sideways at 320 px (measured on the scanner's copy, which may run scripts).
    expect(await scanner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });

  await test.step("the victim answers, with a phone number in the comment: the form warns before sending", async () => {
    await v.getByRole("group", { name: "How well did the officer treat you?" }).getByLabel("4 – Well").check();
    await v.getByRole("group", { name: "Did the officer keep you informed?" }).getByLabel("Yes").check();
    await v.getByRole("group", { name: "Did the officer treat you with respect?" }).getByLabel("Yes").check();
    await v.getByRole("group", { name: "Did the officer tell you about your rights as a victim?" }).getByLabel("Partly").check();
    await v.getByLabel(/Is there anything else/).fill(`${comment} Ring me on 07700 900 982.`);
    await v.getByLabel("Yes, tell me about it").check();
    await v.getByLabel(/Your email address or mobile number/).fill(contact);
    await v.getByRole("button", { name: "Send my feedback" }).click();
    await expect(v.getByTestId("pii-warning")).toContainText("We found what looks like a phone number");
    await expectAccessiblePageWithoutJavaScript(v, scanner, "Tell us how the police treated you");
    // What they chose is still there.
    await expect(v.getByLabel("4 – Well")).toBeChecked();
    await expect(v.getByLabel(/Your email address or mobile number/)).toHaveValue(contact);
  });

  await test.step("the victim edits the comment and sends it: thanks, and the link is used", async () => {
    await v.getByRole("button", { name: "Edit my comment" }).click();
    await v.getByLabel(/Is there anything else/).fill(comment);
    await v.getByRole("button", { name: "Send my feedback" }).click();
    await expect(v).toHaveURL(/\/feedback\/thanks\?forum=1$/);
    await expectAccessiblePageWithoutJavaScript(v, scanner, "Thank you for your feedback");
    await expect(v.getByText("A moderator will contact you.")).toBeVisible();
    const again = await v.goto(path);
    expect(again!.status()).toBe(410);
    await expectAccessiblePageWithoutJavaScript(v, scanner, "This feedback link has already been used");
  });
  await victim.context.close();
  await scanning.context.close();

  await test.step("a moderator reads the comment (never public), approves it and deals with the contact", async () => {
    const { context: modContext, page: m } = await newPerson(browser);
    await signIn(m, DEMO.moderator, DEMO_PASSWORD);
    await visit(m, "/moderation/feedback", "Feedback comments");
    const item = m.getByTestId("feedback-comment").filter({ hasText: run });
    await expect(item).toContainText("Tower Hamlets, rated 4 out of 5");
    await expect(item).not.toContainText("07700");
    await item.getByRole("button", { name: /^Approve comment/ }).click();
    await expect(m.getByText("The comment has been approved.")).toBeVisible();
    await expect(m.getByTestId("feedback-comment").filter({ hasText: run })).toHaveCount(0);
    const row = m.getByTestId("feedback-interest").getByRole("row").filter({ hasText: contact });
    await row.getByRole("button", { name: /^Delete/ }).click();
    await expect(m.getByText("The contact has been deleted.")).toBeVisible();
    await expectAccessiblePage(m, "Feedback comments");
    await expect(m.getByText(contact)).toHaveCount(0);
    await modContext.close();
  });
});
