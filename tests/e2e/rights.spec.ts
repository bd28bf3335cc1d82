// The rights and support pages: linked from every page's footer; /rights explains the 12
// rights of the Victims' Code; /support explains how to clear browsing history.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, visit } from "./helpers";
import { fixtures } from "./fixtures";

async function expectFooterLinks(page: Page) {
  const footer = page.getByRole("contentinfo");
  await expect(footer.getByRole("link", { name: /rights/i })).toHaveAttribute("href", "/rights");
  await expect(footer.getByRole("link", { name: /support/i })).toHaveAttribute("href", "/support");
}

test("every page's footer links to /rights and /support", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  for (const path of ["/", "/login", "/forgot-password", "/rights", "/support"]) {
    await visit(page, path);
    await expectFooterLinks(page);
  }
  // A page that answers "not found" (an unknown invitation) keeps the footer too.
  expect((await page.goto("/join/not-a-real-invitation"))?.status()).toBe(404);
  await expectFooterLinks(page);
  // Signed in, too.
  const { reader } = fixtures();
  await signIn(page, reader.email, reader.password);
  await expect(page.locator("h1")).toHaveText("Your forums");
  await expectFooterLinks(page);
  await context.close();
});

test("the rights page lists the 12 rights of the Victims' Code", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await visit(page, "/");
  await page.getByRole("contentinfo").getByRole("link", { name: /rights/i }).click();
  await expect(page).toHaveURL(/\/rights$/);
  await expectAccessiblePage(page, /rights/i);
  const rights = page.locator('[data-testid="victims-code-rights"] > li');
  await expect(rights).toHaveCount(12);
  // Each right has a heading of its own and some explanation.
  for (let i = 0; i < 12; i++) {
    await expect(rights.nth(i).locator("h2, h3, h4").first()).not.toBeEmpty();
  }
  await context.close();
});

test("the support page explains how to clear browsing history", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await visit(page, "/");
  await page.getByRole("contentinfo").getByRole("link", { name: /support/i }).click();
  await expect(page).toHaveURL(/\/support$/);
  await expectAccessiblePage(page);
  const clearHistory = page.getByTestId("clear-history");
  await expect(clearHistory).toBeVisible();
  await expect(clearHistory).toContainText(/history/i);
  await expect(page.getByRole("main")).toContainText(/999/);
  await context.close();
});
