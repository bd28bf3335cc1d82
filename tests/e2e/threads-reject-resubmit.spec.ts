// Rejection and resubmission (issue 3): a member starts a thread; a moderator rejects it with a
// standard reason and a note; the member reads both on the thread page and in their
// notifications, edits the post and sends it again; the moderator finds it in the queue marked
// "Edited" and approves it, and the member is told.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

const FORUM = { slug: "london", name: "London Victim Voice Forum" };
const AUTHOR = { email: DEMO.member(3), name: "Oak Leaf" };
const MODERATOR = { email: DEMO.moderator2, name: "Moderator Kit" };
const REASON = "It could affect an ongoing investigation or court case";

/** The id of the one post on the thread page whose text contains `text`. */
async function postIdOf(page: Page, text: string) {
  const article = page.locator("article[id^='post-']").filter({ hasText: text });
  await expect(article).toHaveCount(1);
  return (await article.getAttribute("id"))!.slice("post-".length);
}

test("a rejected post is edited, sent again and approved", async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `The trial of the man who robbed me (${suffix})`;
  const firstBody = `The trial starts next month and I want to tell you everything the defence will say. ${suffix}`;
  const secondBody = `I am waiting for a trial. I would like to hear how others coped with the wait. ${suffix}`;
  const note = `Please leave out the details of the trial until it is over (${suffix}).`;

  const { author, a, threadPath, postId } = await test.step("The member starts a thread", async () => {
    const author = await newPerson(browser);
    const a = author.page;
    await signIn(a, AUTHOR.email, DEMO_PASSWORD);
    await visit(a, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
    await a.getByLabel("Title", { exact: true }).fill(title);
    await a.getByLabel("Your post", { exact: true }).fill(firstBody);
    await a.getByRole("button", { name: "Send to moderators" }).click();
    await expect(a).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(a, title);
    const threadPath = new URL(a.url()).pathname;
    const postId = await postIdOf(a, firstBody);
    await expect(a.locator(`#post-${postId}`).getByText("Awaiting moderation", { exact: true })).toBeVisible();
    return { author, a, threadPath, postId };
  });

  const { moderator, m } = await test.step("The moderator finds it in the queue and rejects it with a reason and a note", async () => {
    const moderator = await newPerson(browser);
    const m = moderator.page;
    await signIn(m, MODERATOR.email, DEMO_PASSWORD);
    await visit(m, "/moderation", "Review queue");
    const queued = m.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`);
    await expect(queued).toContainText(`Opening post in ${FORUM.name}, by ${AUTHOR.name}`);
    await expect(queued.getByText("New", { exact: true })).toBeVisible();
    await queued.getByRole("link", { name: /^Review/ }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation/items/${postId}$`));
    await expectAccessiblePage(m, "Review this opening post");
    const reject = m.getByTestId("decision-reject");
    await reject.getByRole("radio", { name: REASON }).check();
    await reject.getByLabel(/^Note to the author/).fill(note);
    await reject.getByRole("button", { name: "Reject" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=rejected$/);
    await expect(m.getByText("The post has been rejected. Its author has been told the reason.")).toBeVisible();
    await expect(m.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`)).toHaveCount(0);
    await expectAccessiblePage(m, "Review queue");
    return { moderator, m };
  });

  const { own } = await test.step('The member sees "Not approved" with the reason and the note on the thread page…', async () => {
    await visit(a, threadPath, title);
    const own = a.locator(`#post-${postId}`);
    await expect(own.getByText("Not approved", { exact: true })).toBeVisible();
    await expect(own.getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    await expect(own).toContainText(`Why it was not approved: ${REASON}`);
    await expect(own).toContainText(note);
    return { own };
  });

  await test.step("…and in their notifications", async () => {
    await a.getByRole("link", { name: /^Notifications/ }).click();
    await expect(a).toHaveURL(/\/notifications$/);
    await expectAccessiblePage(a, "Notifications");
    const told = a.getByRole("link", { name: `Your post in "${title}" was not approved. Reason: ${REASON}. ${note} You can edit it and send it again.` });
    await expect(told).toBeVisible();
    await told.click();
    await expect(a).toHaveURL(new RegExp(`${threadPath}#post-${postId}$`));
    await expectAccessiblePage(a, title);
  });

  await test.step("The member edits the post and sends it again", async () => {
    await own.getByRole("link", { name: "Edit and send again" }).click();
    await expect(a).toHaveURL(new RegExp(`${threadPath}/posts/${postId}/edit$`));
    await expectAccessiblePage(a, "Edit your post and send it again");
    await expect(a.getByRole("region", { name: "Not approved" })).toContainText(REASON);
    await expect(a.getByRole("region", { name: "Not approved" })).toContainText(note);
    await expect(a.getByLabel("Title", { exact: true })).toHaveValue(title);
    await expect(a.getByLabel("Your post", { exact: true })).toHaveValue(firstBody);
    await a.getByLabel("Your post", { exact: true }).fill(secondBody);
    await a.getByRole("button", { name: "Send again" }).click();
    await expect(a).toHaveURL(new RegExp(`${threadPath}$`));
    await expect(a.getByText("Your post has been sent to the moderators. It will appear once approved.")).toBeVisible();
    await expectAccessiblePage(a, title);
    await expect(own).toContainText(secondBody);
    await expect(own).not.toContainText(firstBody);
    await expect(own.getByText("Awaiting moderation", { exact: true })).toBeVisible();
    await expect(own.getByText("Not approved", { exact: true })).toHaveCount(0);
  });

  await test.step('The moderator sees it back in the queue as "Edited", with the new text, and approves it', async () => {
    await visit(m, "/moderation", "Review queue");
    const back = m.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`);
    await expect(back.getByText("Edited", { exact: true })).toBeVisible();
    await expect(back).toContainText(secondBody);
    // The "Edited posts" filter finds it too.
    await m.getByLabel("Kind").selectOption("edited");
    await m.getByRole("button", { name: "Filter", exact: true }).click();
    await expect(m).toHaveURL(/[?&]kind=edited/);
    await expectAccessiblePage(m, "Review queue");
    const filtered = m.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`);
    await expect(filtered.getByText("Edited", { exact: true })).toBeVisible();
    await filtered.getByRole("link", { name: /^Review/ }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation/items/${postId}$`));
    await expectAccessiblePage(m, "Review this opening post");
    await expect(m.getByTestId("item-summary")).toContainText("edited by its author");
    await expect(m.getByTestId("post-text")).toHaveText(secondBody);
    await m.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=approved$/);
    await expect(m.getByText("The post has been approved and published.")).toBeVisible();
    await expectAccessiblePage(m, "Review queue");
  });

  await test.step("The member's post is published, and they are told", async () => {
    await visit(a, threadPath, title);
    await expect(own).toContainText(secondBody);
    await expect(own.getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    await expect(own.getByText("Not approved", { exact: true })).toHaveCount(0);
    await expect(own).not.toContainText("Why it was not approved");
    await visit(a, "/notifications", "Notifications");
    await expect(a.getByRole("link", { name: `Your post in "${title}" was approved and is now visible.` })).toBeVisible();
  });

  await signOut(m);
  await signOut(a);
  await Promise.all([author.context.close(), moderator.context.close()]);
});
