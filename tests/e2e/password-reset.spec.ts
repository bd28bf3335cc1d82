// Forgotten password: the member asks for a link, the email arrives in the outbox (read by
// the admin, as on the demo site), the member chooses a new password with it and signs in;
// the old password no longer works, and the link cannot be used twice.
import { expect, test } from "@playwright/test";
import { expectAccessiblePage, newPerson, readNewestEmailAsAdmin, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

test("password reset through the outbox", async ({ browser }) => {
  const email = DEMO.member(2);
  const newPassword = "a brand new password for spring";
  const { context, page } = await newPerson(browser);

  await test.step('From the sign-in page to "I have forgotten my password"', async () => {
    await visit(page, "/login", "Sign in");
    await page.getByRole("link", { name: "I have forgotten my password" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expectAccessiblePage(page, "Reset your password");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expectAccessiblePage(page, "Check your email");
  });

  const { resetUrl } = await test.step("The reset email, read from /admin/outbox", async () => {
    const mail = await readNewestEmailAsAdmin(browser, email, /reset/i);
    expect(mail.url, "the reset email has a link").toMatch(/\/reset-password\?token=[^&\s]+$/);
    const resetUrl = mail.url!;
    return { resetUrl };
  });

  await test.step("The member chooses a new password", async () => {
    await visit(page, resetUrl, "Choose a new password");
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm your new password").fill(newPassword);
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect(page).toHaveURL(/\/login/);
    await expectAccessiblePage(page, "Sign in");
  });

  await test.step("The new password works", async () => {
    await signIn(page, email, newPassword);
    await expect(page.locator("h1")).toHaveText("Your forums");
    await signOut(page);
  });

  await test.step("The old one does not", async () => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("error-summary")).toContainText("The email address or password is not right");
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await expectAccessiblePage(page, "Sign in");
  });

  await test.step("The link has been used: a second try is turned away clearly", async () => {
    await visit(page, resetUrl);
    await page.getByLabel("New password", { exact: true }).fill("yet another password please");
    await page.getByLabel("Confirm your new password").fill("yet another password please");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expectAccessiblePage(page, "This link does not work any more");
    await context.close();
  });
});
