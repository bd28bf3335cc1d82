// With JavaScript on, Remix changes pages without a page load, so the browser neither moves focus
// nor tells a screen reader that anything happened. Each page change must do what a page load
// would: focus goes to the new page's main heading — or to the error summary, or the success
// banner, when there is one — and a polite live region announces the new page's title ("Error:"
// first when the form was refused).
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

const announcer = (page: Page) => page.getByTestId("page-announcer");

test("focus and an announcement follow every page change, link or form", async ({ browser }) => {
  test.setTimeout(180_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `Finding out when a case goes to court (${suffix})`;
  const { context, page } = await newPerson(browser);
  await signIn(page, DEMO.member(1), DEMO_PASSWORD);

  await test.step("Enter on a link: focus on the new page's heading, its title announced", async () => {
    await visit(page, "/forums/london", "London Victim Voice Forum");
    // The page was loaded in full: nothing has been announced, focus is where a load leaves it.
    await expect(announcer(page)).toHaveText("");
    await page.getByRole("button", { name: "Start a thread" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/threads\/new\?forum=london$/);
    await expect(page.getByRole("heading", { level: 1, name: "Start a thread" })).toBeFocused();
    await expect(announcer(page)).toHaveText("Start a thread – Victim Voice Forum");
    await expectAccessiblePage(page, "Start a thread");
  });

  await test.step("A refused form: focus on the error summary, the title and the announcement start with Error:", async () => {
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByRole("button", { name: "Send to moderators" }).click();
    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(page).toHaveTitle("Error: Start a thread – Victim Voice Forum");
    await expect(announcer(page)).toHaveText("Error: Start a thread – Victim Voice Forum");
    // The title the person typed is kept.
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
    await expectAccessiblePage(page, "Start a thread");
  });

  await test.step("A form that succeeds: focus on the success banner, the new page announced without Error:", async () => {
    await page.getByLabel("Your post", { exact: true }).fill(`When my case went to court nobody told me the date. Did anyone get told? ${suffix}`);
    await page.getByRole("button", { name: "Send to moderators" }).click();
    await expect(page).toHaveURL(/\/threads\/[0-9a-f-]{36}/);
    const banner = page.locator(".govuk-notification-banner--success");
    await expect(banner).toContainText("Your post has been sent to the moderators.");
    await expect(banner).toBeFocused();
    await expect(page).toHaveTitle(`${title} – Victim Voice Forum`);
    await expect(announcer(page)).toHaveText(`${title} – Victim Voice Forum`);
    await expectAccessiblePage(page, title);
  });

  await test.step("Back to a page by a header link: its heading has focus", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your forums" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your forums" })).toBeFocused();
    await expect(announcer(page)).toHaveText("Your forums – Victim Voice Forum");
    // The header marks the page's section; the layout's links are plain links (decision 050).
    await expect(page.locator('header [aria-current="page"]')).toHaveText(["Your forums"]);
  });

  await test.step("A footer link opens its page in the app too: heading focused, title announced", async () => {
    await page.getByRole("contentinfo").getByRole("link", { name: "Support services and staying safe online" }).click();
    await expect(page).toHaveURL(/\/support$/);
    await expect(page.getByRole("heading", { level: 1, name: "Support services and staying safe online" })).toBeFocused();
    // Announced only when the page changed without a load.
    await expect(announcer(page)).toHaveText("Support services and staying safe online – Victim Voice Forum");
    await expect(page.locator('header [aria-current="page"]')).toHaveCount(0);
  });
  await context.close();
});

test("a thread opened from the forum list opens in the app: its heading has focus and its title is announced", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await signIn(page, DEMO.member(1), DEMO_PASSWORD);
  await visit(page, "/forums/london", "London Victim Voice Forum");
  // The list's titles are plain links (app/components/list-link.tsx): with JavaScript on, a click
  // still changes the page without a page load, so the change is announced; a load would not be.
  const first = page.locator(".vvf-thread-list h3 a").first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeFocused();
  await expect(announcer(page)).toHaveText(`${title} – Victim Voice Forum`);
  await context.close();
});

test("a moderator opening an item from the queue starts at its heading, not at Approve", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await signIn(page, DEMO.moderator, DEMO_PASSWORD);
  await visit(page, "/moderation", "Review queue");
  const review = page.locator('main a[href^="/moderation/items/"]').first();
  await expect(review).toHaveText(/^Review/);
  await review.click();
  await expect(page).toHaveURL(/\/moderation\/items\/[0-9a-f-]{36}$/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toBeFocused();
  await expect(heading).toHaveText(/^Review this/);
  await expect(announcer(page)).toHaveText("Review a post – Victim Voice Forum");
  await context.close();
});

test("while a form is being sent its button says so, and a second press sends nothing more", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await signIn(page, DEMO.member(1), DEMO_PASSWORD);
  await visit(page, "/threads/new?forum=london", "Start a thread");
  // The server's answer is held back until the test lets it go, as on a slow connection.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let posts = 0;
  await page.route("**/threads/new*", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts++;
    await held;
    await route.continue();
  });
  const send = page.getByRole("button", { name: /^Send to moderators/ });
  await send.click();
  await expect(send).toHaveAttribute("aria-disabled", "true");
  await expect(send).toHaveAccessibleName(/sending…$/);
  await expect(page.getByTestId("pending-status")).toHaveText("Sending…");
  await send.click({ force: true });
  await page.keyboard.press("Enter");
  release();
  await expect(page.getByTestId("error-summary")).toBeVisible();
  expect(posts, "the form was sent once").toBe(1);
  await expect(send).not.toHaveAttribute("aria-disabled");
  await expect(send).toHaveAccessibleName("Send to moderators");
  await expect(page.getByTestId("pending-status")).toHaveText("");
  await expectAccessiblePage(page, "Start a thread");
  await context.close();
});
