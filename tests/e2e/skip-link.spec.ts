// The page shell on every page: the skip link is the first thing the keyboard reaches and
// moves focus to the main content; each page has exactly one h1 (and no axe violations).
import { expect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, visit } from "./helpers";
import { fixtures } from "./fixtures";

async function expectSkipLinkWorks(page: Page) {
  // Start from the top of the document, as a keyboard user arriving on the page does.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip, `the skip link is the first focusable element on ${page.url()}`).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main-content")).toBeFocused();
}

const publicPages = ["/", "/login", "/forgot-password", "/rights", "/support", "/reset-password?token=made-up"];

test("signed out: skip link first, focus moves to main, one h1 per page", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  for (const path of publicPages) {
    await visit(page, path);
    await expectSkipLinkWorks(page);
  }
  // A kind "not found" page (an unknown invitation, HTTP 404) has the same shell.
  expect((await page.goto("/join/not-a-real-invitation"))?.status()).toBe(404);
  await expectAccessiblePage(page, "We cannot find this invitation");
  await expectSkipLinkWorks(page);
  await context.close();
});

test("signed in: skip link first, focus moves to main, one h1 per page", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  const { reader } = fixtures();
  await signIn(page, reader.email, reader.password);
  for (const path of ["/forums", "/", "/rights"]) {
    await visit(page, path);
    await expectSkipLinkWorks(page);
  }
  await context.close();
});

test("without JavaScript the skip link still moves focus to main", async ({ browser }) => {
  const { context, page } = await newPerson(browser, { javaScriptEnabled: false });
  for (const path of ["/", "/login"]) {
    await page.goto(path);
    await expect(page.locator("h1")).toHaveCount(1);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main-content$/);
    await expect(page.locator("main#main-content")).toBeFocused();
  }
  await context.close();
});
