// A member downloads their data and deletes their account, using the keyboard alone (issue 11,
// items 2 and 3): every page on the way is scanned with axe; the download is the member's JSON;
// the deletion asks for a choice and the password, ends the session, and the member's public
// post then shows as a former member's with its text removed.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson } from "./helpers";
import { fixtures } from "./fixtures";

/** Presses Tab until `target` has focus, as a keyboard user would (fails after `max` presses). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`could not reach ${target} with the Tab key`);
}

test("a member downloads their data and deletes their account, keyboard only", async ({ browser }) => {
  const leaver = fixtures().leaver;
  const { context, page } = await newPerson(browser, { acceptDownloads: true });

  await test.step("sign in", async () => {
    await page.goto("/login");
    await expectAccessiblePage(page, "Sign in");
    await tabTo(page, page.getByLabel("Email address"));
    await page.keyboard.type(leaver.email);
    await tabTo(page, page.getByLabel("Password", { exact: true }));
    await page.keyboard.type(leaver.password);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/forums/);
  });

  await test.step("open the account page from the header", async () => {
    await tabTo(page, page.getByRole("link", { name: new RegExp(`${leaver.name}.*your account`) }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account$/);
    await expectAccessiblePage(page, "Your account");
  });

  await test.step("download the data", async () => {
    const downloading = page.waitForEvent("download");
    await tabTo(page, page.getByRole("link", { name: "Download your data (JSON file)" }));
    await page.keyboard.press("Enter");
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^victim-voice-forum-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8")));
    expect(data.account).toMatchObject({ displayName: leaver.name, email: leaver.email, role: "member" });
    expect(data.posts.map((p: { text: string }) => p.text)).toEqual([leaver.postText]);
    expect(data.forumMemberships).toHaveLength(1);
  });

  await test.step("asked to choose and confirm, then delete", async () => {
    await tabTo(page, page.getByRole("link", { name: "Delete your account" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account\/delete$/);
    await expectAccessiblePage(page, "Delete your account");

    // Sent without a choice or a password: both are asked for.
    await tabTo(page, page.getByRole("button", { name: "Delete my account" }));
    await page.keyboard.press("Enter");
    const summary = page.getByTestId("error-summary");
    await expect(summary).toContainText("Choose what happens to what you wrote");
    await expect(summary).toContainText("Enter your password to confirm it is you");
    await expect(summary).toBeFocused();
    await expectAccessiblePage(page, "Delete your account");

    // The second option, reached with the arrow keys as radios are.
    await tabTo(page, page.getByRole("radio", { name: /Keep my published posts/ }));
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("radio", { name: "Remove their text too" })).toBeChecked();
    await tabTo(page, page.getByLabel("Your password"));
    await page.keyboard.type(leaver.password);
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/\?account-deleted=1$/);
    await expect(page.getByText("Your account has been deleted")).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await expectAccessiblePage(page);
  });

  await test.step("the public thread shows a former member's post, text removed", async () => {
    await page.goto(`/threads/${leaver.threadId}`);
    await expectAccessiblePage(page, "Removed at the author's request.");
    await expect(page.getByText("Former member").first()).toBeVisible();
    await expect(page.getByText(leaver.postText)).toHaveCount(0);
    await expect(page.getByText(leaver.name)).toHaveCount(0);
  });

  await test.step("the account can no longer sign in", async () => {
    await page.goto("/login");
    await tabTo(page, page.getByLabel("Email address"));
    await page.keyboard.type(leaver.email);
    await tabTo(page, page.getByLabel("Password", { exact: true }));
    await page.keyboard.type(leaver.password);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("error-summary")).toContainText("The email address or password is not right");
  });
  await context.close();
});
