// A wrong password: the person is told plainly at the top of the page, keeps what they typed
// in the email field, has to type the password again, and is still signed out; the right
// password then works. Checked with and without JavaScript (the form works either way).
import { expect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

async function submitWrongPassword(page: Page, email: string) {
  await page.goto("/login");
  await expect(page.locator("h1")).toHaveText("Sign in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("not the right password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function expectRefused(page: Page, email: string) {
  const summary = page.getByTestId("error-summary");
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary).toContainText("The email address or password is not right");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
}

test("a wrong password is refused with a clear message, keeping the email address", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  const email = DEMO.member(3);
  await page.goto("/login");
  await expectAccessiblePage(page, "Sign in");
  await submitWrongPassword(page, email);
  await expectRefused(page, email);
  // The GOV.UK error summary takes focus so screen readers announce it.
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expectAccessiblePage(page, "Sign in");

  // The right password still works afterwards.
  await signIn(page, email, DEMO_PASSWORD);
  await context.close();
});

test("without JavaScript, a wrong password is refused the same way and the password is emptied", async ({ browser }) => {
  // Known app bug (reported): the server sends `Referrer-Policy: no-referrer` (app/server.ts),
  // so Chromium sends `Origin: null` with a plain form POST, and Remix 2.17's CSRF check
  // (throwIfPotentialCSRFAttack) refuses it: without JavaScript every form answers with the
  // "Sorry, there is a problem with the service" page. Remove this line once fixed.
  const { context, page } = await newPerson(browser, { javaScriptEnabled: false });
  const email = DEMO.member(4);
  await submitWrongPassword(page, email);
  await expectRefused(page, email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.locator("h1")).toHaveCount(1);
  await context.close();
});

test("with JavaScript, the password field is emptied after a failed sign-in", async ({ browser }) => {
  // Known app bug (reported): app/routes/login.tsx submits through Remix's <Form> with
  // JavaScript, and React keeps the uncontrolled password input's typed value after the
  // failed attempt (`hideFields` only empties the server's reply). Remove this line once fixed.
  const { context, page } = await newPerson(browser);
  const email = DEMO.member(5);
  await submitWrongPassword(page, email);
  await expectRefused(page, email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("", { timeout: 3_000 });
  await context.close();
});
