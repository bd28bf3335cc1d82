// Posting and approving without JavaScript (issue 3): every browser here has JavaScript
// switched off. A member starts a thread that contains a phone number, is shown what the
// server found, goes back to the text and then posts anyway; a moderator approves it from the
// item page; another member of the forum then finds and reads the thread.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { answerCodeStep, expectAccessiblePageWithoutJavaScript, newPerson } from "./helpers";
import { DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

// axe cannot run in a page without JavaScript: each page is scanned as a copy in `scanner`
// (helpers.ts, expectAccessiblePageWithoutJavaScript).
let scanner: Page;

async function expectAccessiblePage(page: Page, h1?: string) {
  await expectAccessiblePageWithoutJavaScript(page, scanner, h1);
}

async function visit(page: Page, path: string, h1?: string) {
  const response = await page.goto(path);
  expect(response?.status(), `HTTP status of ${path}`).toBeLessThan(400);
  await expectAccessiblePage(page, h1);
}

/** helpers.ts's signIn and signOut, with the scan above. */
async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await expect(page.locator("h1")).toHaveText("Sign in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  // Staff answer the code step, without JavaScript too.
  if (new URL(page.url()).pathname === "/login/code") await answerCodeStep(page, DEMO_TOTP_SECRET);
  await expect(page).toHaveURL(/\/forums(\?.*)?$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectAccessiblePage(page, "Your forums");
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expectAccessiblePage(page);
}

const NO_JS = { javaScriptEnabled: false };
const FORUM = { slug: "london", name: "London Victim Voice Forum" };
const AUTHOR = { email: DEMO.member(1), name: "Quiet Heron" };
const READER = { email: DEMO.member(8), name: "North Star" };
const MODERATOR = { email: DEMO.moderator2, name: "Moderator Kit" };

test("without JavaScript: post past the identifying-details warning, approve, read", async ({ browser }) => {
  test.setTimeout(240_000);
  const scanning = await newPerson(browser);
  scanner = scanning.page;
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const phone = "07700 900456";
  const title = `A witness care officer who called back (${suffix})`;
  const body = `The witness care unit gave me a direct line, ${phone}, and someone always answered. Ask for one. ${suffix}`;

  const { author, a } = await test.step("The member writes a thread with a phone number in it", async () => {
    const author = await newPerson(browser, NO_JS);
    const a = author.page;
    await signIn(a, AUTHOR.email);
    await visit(a, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
    await a.getByLabel("Title", { exact: true }).fill(title);
    await a.getByLabel("Your post", { exact: true }).fill(body);
    await a.getByRole("button", { name: "Send to moderators" }).click();
    return { author, a };
  });

  const { warning } = await test.step("The server shows what it found, with the text kept, and nothing is sent yet", async () => {
    const warning = a.getByTestId("pii-warning");
    await expect(warning).toBeVisible();
    await expect(a).toHaveURL(/\/threads\/new\?forum=london$/);
    await expect(warning.getByRole("heading", { name: "Check before you send" })).toBeVisible();
    await expect(warning).toContainText(`We found what looks like a phone number: ${phone}`);
    await expect(warning.locator("mark")).toContainText(phone);
    await expect(a.getByLabel("Title", { exact: true })).toHaveValue(title);
    await expect(a.getByLabel("Your post", { exact: true })).toHaveValue(body);
    await expectAccessiblePage(a, "Start a thread");
    return { warning };
  });

  const { threadPath, postId } = await test.step('"Edit my post" takes them back to the text (a plain link without JavaScript)…', async () => {
    await warning.getByRole("button", { name: "Edit my post" }).click();
    await expect(a).toHaveURL(/#field-body$/);
    await expect(a.getByLabel("Your post", { exact: true })).toHaveValue(body);
    // …and, sure of it, they post it as it is.
    await warning.getByRole("button", { name: "Post anyway" }).click();
    await expect(a).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expect(a.getByText("Your post has been sent to the moderators. It will appear once approved.")).toBeVisible();
    await expectAccessiblePage(a, title);
    const threadPath = new URL(a.url()).pathname;
    const own = a.locator("article[id^='post-']").filter({ hasText: body });
    await expect(own).toHaveCount(1);
    const postId = (await own.getAttribute("id"))!.slice("post-".length);
    await expect(own.getByText("Awaiting moderation", { exact: true })).toBeVisible();
    return { threadPath, postId };
  });

  const { moderator, m } = await test.step("A moderator, also without JavaScript, finds it with its phone number flagged and approves it", async () => {
    const moderator = await newPerson(browser, NO_JS);
    const m = moderator.page;
    await signIn(m, MODERATOR.email);
    await visit(m, "/moderation", "Review queue");
    const queued = m.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`);
    await expect(queued).toContainText(`Opening post in ${FORUM.name}, by ${AUTHOR.name}`);
    await expect(queued).toContainText(`a phone number: ${phone}`);
    await queued.getByRole("link", { name: /^Review/ }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation/items/${postId}$`));
    await expectAccessiblePage(m, "Review this opening post");
    await expect(m.getByTestId("pii-findings")).toContainText(`a phone number: ${phone}`);
    await m.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=approved$/);
    await expect(m.getByText("The post has been approved and published.")).toBeVisible();
    await expect(m.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`)).toHaveCount(0);
    await expectAccessiblePage(m, "Review queue");
    return { moderator, m };
  });

  const { reader, r } = await test.step("Another member, without JavaScript, finds the thread in the forum and reads it", async () => {
    const reader = await newPerson(browser, NO_JS);
    const r = reader.page;
    await signIn(r, READER.email);
    await visit(r, `/forums/${FORUM.slug}`, FORUM.name);
    await r.getByRole("link", { name: title }).click();
    await expect(r).toHaveURL(new RegExp(`${threadPath}$`));
    await expectAccessiblePage(r, title);
    const post = r.locator(`#post-${postId}`);
    await expect(post).toContainText(body);
    await expect(post).toContainText(AUTHOR.name);
    await expect(post.getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    return { reader, r };
  });

  await test.step("The author's page, reloaded, shows it published", async () => {
    await visit(a, threadPath, title);
    await expect(a.locator(`#post-${postId}`).getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    await expect(a.getByText("Only you and the moderators can see this thread")).toHaveCount(0);
  });

  await signOut(r);
  await signOut(m);
  await signOut(a);
  await Promise.all([author.context.close(), moderator.context.close(), reader.context.close(), scanning.context.close()]);
});
