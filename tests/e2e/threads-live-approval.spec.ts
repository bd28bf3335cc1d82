// Live approval (issue 3): a member replies in a thread of their forum and sees the reply
// "Awaiting moderation"; with the thread page left open, a moderator in another browser finds
// the reply in the review queue and approves it. Without a reload, the author's open page drops
// the tag and announces the new reply, and a second member of the forum, who also has the page
// open, sees the reply appear.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { trackJoinedRooms } from "./live-rooms";

// The machine running the journeys is slow: live updates get time to arrive.
const expect = baseExpect.configure({ timeout: 20_000 });

const FORUM = { slug: "london", name: "London Victim Voice Forum" };
const AUTHOR = { email: DEMO.member(7), name: "Willow Path" };
const WATCHER = { email: DEMO.member(8), name: "North Star" };

async function expectJoined(joined: Set<string>, room: string) {
  await expect.poll(() => joined.has(room), { message: `the page joined the live room ${room}`, timeout: 30_000 }).toBe(true);
}

/** The id of the one post on the thread page whose text contains `text`. */
async function postIdOf(page: Page, text: string) {
  const article = page.locator("article[id^='post-']").filter({ hasText: text });
  await expect(article).toHaveCount(1);
  return (await article.getAttribute("id"))!.slice("post-".length);
}

test("a reply approved by a moderator appears live on the open thread pages", async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `Waiting for a call back (${suffix})`;
  const opening = `I reported a theft two weeks ago and nobody has called me back yet. ${suffix}`;
  const replyText = `Since posting, I rang 101 and was given a name to ask for. ${suffix}`;

  const { author, a, authorRooms, threadPath, threadId, openingId, moderator, m } = await test.step("The author starts a thread; a moderator publishes it (the thread's own live room opens once it is published)", async () => {
    const author = await newPerson(browser);
    const a = author.page;
    const authorRooms = trackJoinedRooms(a);
    await signIn(a, AUTHOR.email, DEMO_PASSWORD);
    await visit(a, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
    await a.getByLabel("Title", { exact: true }).fill(title);
    await a.getByLabel("Your post", { exact: true }).fill(opening);
    await a.getByRole("radio", { name: "Members of this forum only" }).check();
    await a.getByRole("button", { name: "Send to moderators" }).click();
    await expect(a).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(a, title);
    const threadPath = new URL(a.url()).pathname;
    const threadId = threadPath.split("/")[2];
    const openingId = await postIdOf(a, opening);

    const moderator = await newPerson(browser);
    const m = moderator.page;
    await signIn(m, DEMO.moderator, DEMO_PASSWORD);
    await visit(m, `/moderation/items/${openingId}`, "Review this opening post");
    await m.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=approved$/);
    await expect(m.getByText("The post has been approved and published.")).toBeVisible();
    await expectAccessiblePage(m, "Review queue");
    return { author, a, authorRooms, threadPath, threadId, openingId, moderator, m };
  });

  const { replyId, ownReply } = await test.step("The author replies in the published thread and sees the reply waiting for the moderators", async () => {
    await visit(a, threadPath, title);
    await expectJoined(authorRooms, `thread:${threadId}`);
    await a.getByLabel("Your reply", { exact: true }).fill(replyText);
    await a.getByRole("button", { name: "Send reply" }).click();
    await expect(a).toHaveURL(new RegExp(`${threadPath}$`));
    await expect(a.getByText("Your post has been sent to the moderators. It will appear once approved.")).toBeVisible();
    await expectAccessiblePage(a, title);
    const replyId = await postIdOf(a, replyText);
    const ownReply = a.locator(`#post-${replyId}`);
    await expect(ownReply.getByText("Awaiting moderation", { exact: true })).toBeVisible();
    await expect(ownReply).toContainText("Only you and the moderators can see this post until it is approved.");
    return { replyId, ownReply };
  });

  const { watcher, w } = await test.step("A second member of the forum opens the thread: the reply is not there yet", async () => {
    const watcher = await newPerson(browser);
    const w = watcher.page;
    const watcherRooms = trackJoinedRooms(w);
    await signIn(w, WATCHER.email, DEMO_PASSWORD);
    await visit(w, threadPath, title);
    await expect(w.locator(`#post-${openingId}`)).toContainText(opening);
    await expect(w.getByText(replyText)).toHaveCount(0);
    await expect(w.locator(`#post-${replyId}`)).toHaveCount(0);
    await expectJoined(watcherRooms, `thread:${threadId}`);
    return { watcher, w };
  });

  await test.step("Both pages stay open from here on: a marker on each window shows they were not reloaded", async () => {
    for (const page of [a, w]) await page.evaluate(() => ((window as unknown as { e2eNoReload: string }).e2eNoReload = "still here"));
  });

  await test.step("The moderator finds the reply in the review queue and approves it", async () => {
    await visit(m, "/moderation", "Review queue");
    const queued = m.locator(`[data-testid="queue-item"][data-post-id="${replyId}"]`);
    await expect(queued).toBeVisible();
    await expect(queued).toContainText(title);
    await expect(queued).toContainText(`Reply in ${FORUM.name}, by ${AUTHOR.name}`);
    await expect(queued.getByText("New", { exact: true })).toBeVisible();
    await expect(queued).toContainText(replyText);
    await queued.getByRole("link", { name: /^Review/ }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation/items/${replyId}$`));
    await expectAccessiblePage(m, "Review this reply");
    await expect(m.getByTestId("post-text")).toHaveText(replyText);
    await m.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=approved$/);
    await expect(m.getByText("The post has been approved and published.")).toBeVisible();
    await expect(m.locator(`[data-testid="queue-item"][data-post-id="${replyId}"]`)).toHaveCount(0);
    await expectAccessiblePage(m, "Review queue");
  });

  await test.step("The author's open page: the tag goes and the live region announces the new reply", async () => {
    await expect(ownReply.getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    await expect(ownReply).not.toContainText("Only you and the moderators can see this post");
    await expect(ownReply).toContainText(replyText);
    await expect(a.getByRole("status").filter({ hasText: "A new reply has been added" })).toBeVisible();
  });

  await test.step("The second member's open page: the reply appears, announced the same way", async () => {
    await expect(w.locator(`#post-${replyId}`)).toContainText(replyText);
    await expect(w.locator(`#post-${replyId}`)).toContainText(AUTHOR.name);
    await expect(w.getByRole("status").filter({ hasText: "A new reply has been added" })).toBeVisible();

    for (const page of [a, w]) {
      expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: string }).e2eNoReload), `${page === a ? "the author's" : "the second member's"} page was not reloaded`).toBe("still here");
      await expectAccessiblePage(page, title);
    }
  });

  await test.step("After a reload the reply is simply part of the thread", async () => {
    await visit(w, threadPath, title);
    await expect(w.locator(`#post-${replyId}`)).toContainText(replyText);
  });

  await signOut(m);
  await signOut(w);
  await signOut(a);
  await Promise.all([author.context.close(), watcher.context.close(), moderator.context.close()]);
});
