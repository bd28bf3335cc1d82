// A report leading to hiding (issue 3): a member reports another member's published reply with
// a reason; a moderator finds it in the review queue as reported, sees who reported it and why
// on the item page, and hides the post. A third member no longer sees it on the thread page,
// and its author is told.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

const FORUM = { slug: "black-communities", name: "Victim Voice Forum for London's Black Communities" };
const STARTER = { email: DEMO.member(11), name: "Harbour Bell" };
const AUTHOR = { email: DEMO.member(9), name: "Amber Field" };
const REPORTER = { email: DEMO.member(10), name: "Cedar Light" };

/** The id of the one post on the thread page whose text contains `text`. */
async function postIdOf(page: Page, text: string) {
  const article = page.locator("article[id^='post-']").filter({ hasText: text });
  await expect(article).toHaveCount(1);
  return (await article.getAttribute("id"))!.slice("post-".length);
}

/** A moderator publishes a post from its review page. */
async function approve(page: Page, postId: string, h1: string) {
  await visit(page, `/moderation/items/${postId}`, h1);
  await page.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(/\/moderation\?done=approved$/);
  await expectAccessiblePage(page, "Review queue");
}

test("a reported reply is hidden by a moderator and its author is told", async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `Victim Support waiting lists (${suffix})`;
  const opening = `How long did you wait for a Victim Support caseworker? It was six weeks for me. ${suffix}`;
  const replyText = `People who wait for help are making a fuss about nothing. ${suffix}`;
  const reason = `This mocks people who are struggling (${suffix}).`;
  const hideNote = `Dismissive of other members (${suffix}).`;

  const { starter, s, threadPath, openingId, moderator, m } = await test.step("A member starts a thread; a moderator publishes it", async () => {
    const starter = await newPerson(browser);
    const s = starter.page;
    await signIn(s, STARTER.email, DEMO_PASSWORD);
    await visit(s, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
    await s.getByLabel("Title", { exact: true }).fill(title);
    await s.getByLabel("Your post", { exact: true }).fill(opening);
    await s.getByRole("button", { name: "Send to moderators" }).click();
    await expect(s).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(s, title);
    const threadPath = new URL(s.url()).pathname;
    const openingId = await postIdOf(s, opening);

    const moderator = await newPerson(browser);
    const m = moderator.page;
    await signIn(m, DEMO.moderator, DEMO_PASSWORD);
    await approve(m, openingId, "Review this opening post");
    return { starter, s, threadPath, openingId, moderator, m };
  });

  const { author, a, replyId } = await test.step("Another member replies; the moderator publishes the reply too", async () => {
    const author = await newPerson(browser);
    const a = author.page;
    await signIn(a, AUTHOR.email, DEMO_PASSWORD);
    await visit(a, threadPath, title);
    await a.getByLabel("Your reply", { exact: true }).fill(replyText);
    await a.getByRole("button", { name: "Send reply" }).click();
    await expect(a).toHaveURL(new RegExp(`${threadPath}$`));
    await expectAccessiblePage(a, title);
    const replyId = await postIdOf(a, replyText);
    await approve(m, replyId, "Review this reply");
    return { author, a, replyId };
  });

  const { reporter, r } = await test.step("A third member reads the reply and reports it, with a reason", async () => {
    const reporter = await newPerson(browser);
    const r = reporter.page;
    await signIn(r, REPORTER.email, DEMO_PASSWORD);
    await visit(r, threadPath, title);
    const reported = r.locator(`#post-${replyId}`);
    await expect(reported).toContainText(replyText);
    await expect(reported).toContainText(AUTHOR.name);
    await reported.locator("summary").filter({ hasText: "Report this post" }).click();
    await reported.getByLabel("Why are you reporting this post?").fill(reason);
    await expectAccessiblePage(r, title);
    await reported.getByRole("button", { name: "Send report" }).click();
    await expect(r).toHaveURL(new RegExp(`${threadPath}\\?reported=1$`));
    await expect(r.getByText("Thank you for your report. A moderator will look at the post again.")).toBeVisible();
    await expectAccessiblePage(r, title);
    return { reporter, r };
  });

  await test.step("The moderator finds it in the queue as reported…", async () => {
    await visit(m, "/moderation", "Review queue");
    const queued = m.locator(`[data-testid="queue-item"][data-post-id="${replyId}"]`);
    await expect(queued).toHaveCount(1);
    await expect(queued.getByText("Reported (1)", { exact: true })).toBeVisible();
    await expect(queued).toContainText(`Reply in ${FORUM.name}, by ${AUTHOR.name}`);
    await expect(queued).toContainText(replyText);
    await queued.getByRole("link", { name: /^Review/ }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation/items/${replyId}$`));
    await expectAccessiblePage(m, "Review this reply");
    // …and on the item page, who reported it and why.
    await expect(m.getByTestId("item-summary")).toContainText("Published");
    const reportRow = m.getByTestId("reports").getByRole("row").filter({ hasText: reason });
    await expect(reportRow).toHaveCount(1);
    await expect(reportRow).toContainText(REPORTER.name);
    await expect(reportRow).toContainText("Open");
  });

  await test.step("The moderator hides the post", async () => {
    const hide = m.getByTestId("decision-hide");
    await hide.getByLabel("Why are you hiding it? (optional)").fill(hideNote);
    await hide.getByRole("button", { name: "Hide the post" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=hidden$/);
    await expect(m.getByText("The post has been hidden. The reports on it have been upheld.")).toBeVisible();
    await expect(m.locator(`[data-testid="queue-item"][data-post-id="${replyId}"]`)).toHaveCount(0);
    await expectAccessiblePage(m, "Review queue");
    // The item now says so, and the report was upheld.
    await visit(m, `/moderation/items/${replyId}`, "Review this reply");
    await expect(m.getByTestId("item-summary")).toContainText("Hidden");
    await expect(m.getByTestId("reports").getByRole("row").filter({ hasText: reason })).toContainText("Upheld");
  });

  await test.step("The member who started the thread no longer sees the reply; the thread itself remains", async () => {
    await visit(s, threadPath, title);
    await expect(s.locator(`#post-${openingId}`)).toContainText(opening);
    await expect(s.locator(`#post-${replyId}`)).toHaveCount(0);
    await expect(s.getByText(replyText)).toHaveCount(0);
    // Nor does the member who reported it.
    await visit(r, threadPath, title);
    await expect(r.locator(`#post-${replyId}`)).toHaveCount(0);
  });

  await test.step("The author is told", async () => {
    await visit(a, "/notifications", "Notifications");
    await expect(a.getByRole("link", { name: `Your post in "${title}" has been hidden after a report.` })).toBeVisible();
  });

  await signOut(m);
  await signOut(r);
  await signOut(a);
  await signOut(s);
  await Promise.all([starter.context.close(), author.context.close(), reporter.context.close(), moderator.context.close()]);
});
