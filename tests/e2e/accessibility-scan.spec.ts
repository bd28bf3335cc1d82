// The accessibility scan every journey relies on must be able to fail: on a page with known
// WCAG failures it reports them, named.
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers";

test("the axe scan used by every journey reports a page's WCAG failures", async ({ page }) => {
  await page.setContent(
    `<!doctype html><html><head><title>Broken</title></head><body><main><h1>Broken page</h1>` +
      `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><form><input type="text" name="q"></form></main></body></html>`,
  );
  const failure = await expectNoAxeViolations(page).then(
    () => null,
    (e: Error) => e.message,
  );
  expect(failure).not.toBeNull();
  expect(failure).toContain("image-alt");
  expect(failure).toContain("html-has-lang");
  expect(failure).toContain("label");
});
