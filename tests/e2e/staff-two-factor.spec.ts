// Staff two-factor authentication in the browser: a new moderator is taken to set it up right
// after their password (QR code, key, backup codes, a first code), then signs in with a code
// from the app and, another time, with a backup code; and the code step works without
// JavaScript, with the GOV.UK error summary for a wrong code.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signOut } from "./helpers";
import { DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRET, fixtures } from "./fixtures";
import { totpCode, wrongTotpCode } from "../support/two-factor";

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a new moderator sets up two-factor after their password, then signs in with a code and with a backup code", async ({ browser }) => {
  const staff = fixtures().newStaff;
  const { context, page } = await newPerson(browser);

  const { secretKey, backupCodes } = await test.step("The password leads straight to the set-up, and nothing else opens until it is done", async () => {
    await passwordStep(page, staff.email, staff.password);
    await expect(page).toHaveURL(/\/account\/two-factor$/);
    await expectAccessiblePage(page, "Set up two-factor authentication");
    await expect(page.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
    const secretKey = (await page.getByTestId("two-factor-secret").innerText()).trim();
    expect(secretKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const backupCodes = (await page.getByTestId("two-factor-backup-codes").getByRole("listitem").allInnerTexts()).map((c) => c.trim());
    expect(backupCodes).toHaveLength(10);
    // The header offers only signing out; a staff page sends them back here.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Moderation" })).toHaveCount(0);
    await page.goto("/moderation");
    await expect(page).toHaveURL(/\/account\/two-factor\?redirectTo=%2Fmoderation$/);
    return { secretKey, backupCodes };
  });

  await test.step("A wrong code is refused with an error summary; the code from the key turns it on", async () => {
    const code = page.getByLabel("Code from your authenticator app");
    await expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await expect(code).toHaveAttribute("inputmode", "numeric");
    await code.fill(wrongTotpCode(secretKey.replace(/ /g, "")));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("The code is not right");
    await expectAccessiblePage(page, "Set up two-factor authentication");
    await page.getByLabel("Code from your authenticator app").fill(totpCode(secretKey));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Two-factor authentication is on" })).toBeVisible();
    await expectAccessiblePage(page, "Two-factor authentication");
    await page.getByRole("link", { name: "Continue to the forum" }).click();
    await expect(page).toHaveURL(/\/moderation$/);
    await expectAccessiblePage(page);
    await signOut(page);
  });

  await test.step("Next time: the password, then a code from the app", async () => {
    await passwordStep(page, staff.email, staff.password);
    await expect(page).toHaveURL(/\/login\/code$/);
    await expectAccessiblePage(page, "Enter the code from your authenticator app");
    await page.getByLabel("Code", { exact: true }).fill(totpCode(secretKey));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/forums$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Moderation" })).toBeVisible();
    await signOut(page);
  });

  await test.step("With a backup code instead, which then works no more", async () => {
    for (const attempt of ["first", "again"] as const) {
      await passwordStep(page, staff.email, staff.password);
      await page.getByRole("link", { name: "Use a backup code instead" }).click();
      await expectAccessiblePage(page, "Enter a backup code");
      await page.getByLabel("Backup code").fill(backupCodes[0]);
      await page.getByRole("button", { name: "Continue" }).click();
      if (attempt === "first") {
        await expect(page).toHaveURL(/\/forums$/);
        await signOut(page);
      } else {
        await expect(page.getByTestId("error-summary")).toContainText("That backup code is not right, or it has been used already");
        await expectAccessiblePage(page, "Enter a backup code");
      }
    }
  });
  await context.close();
});

test("the code step works without JavaScript", async ({ browser }) => {
  const { context, page } = await newPerson(browser, { javaScriptEnabled: false });
  const scanner = await newPerson(browser);

  await passwordStep(page, DEMO.mopac, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/login\/code$/);
  await expect(page.locator("h1")).toHaveText("Enter the code from your authenticator app");
  const code = page.getByLabel("Code", { exact: true });
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await expect(page.getByRole("link", { name: "Use a backup code instead" })).toBeVisible();

  await code.fill(wrongTotpCode(DEMO_TOTP_SECRET));
  await page.getByRole("button", { name: "Continue" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toContainText("There is a problem");
  await expect(summary.getByRole("link", { name: /The code is not right/ })).toHaveAttribute("href", "#field-code");
  await expect(page.locator("#field-code-error")).toContainText("The code is not right");
  // axe cannot run where JavaScript is off: the same HTML, without its scripts, at the same
  // address (so the same styles load), is scanned in a tab that can run it.
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  await scanner.page.route(page.url(), (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }), { times: 1 });
  await scanner.page.goto(page.url());
  await expect(scanner.page.getByRole("banner")).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  await expectAccessiblePage(scanner.page, "Enter the code from your authenticator app");

  await page.getByLabel("Code", { exact: true }).fill(totpCode(DEMO_TOTP_SECRET));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/forums$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await scanner.context.close();
  await context.close();
});
