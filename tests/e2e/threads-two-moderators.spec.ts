// Two moderators at once (issues 3 and 12): both open the same review item and each sees, live,
// that the other is looking at it. One approves; the other's open page says so at once ("Moderator
// Sam approved this post at 14:05 GMT") and shows the post as it now is, with nothing left to approve
// or reject. On a second post the other's page hears nothing (its live connection is cut): they
// reject after the approval, are told what happened ("already been approved by …"), and the page
// then shows the truth without a reload: published, who decided and when, the queue's count
// without it, no Approve or Reject. Nothing changes: the posts stay published and their author
// hears only of the approvals.
import crypto from "node:crypto";
import { expect as baseExpect, test } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

const FORUM = { slug: "black-communities", name: "Victim Voice Forum for London's Black Communities" };
const AUTHOR = { email: DEMO.member(8), name: "North Star" };
const SAM = { email: DEMO.moderator, name: "Moderator Sam" };
const KIT = { email: DEMO.moderator2, name: "Moderator Kit" };

test("a decision already made by another moderator is refused, naming who made it", async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `Interpreters at the police station (${suffix})`;
  const body = `I asked for an interpreter for my mother and it took four hours for one to arrive. ${suffix}`;

  const { author, a, threadPath, postId, itemPath } = await test.step("The member starts a thread", async () => {
    const author = await newPerson(browser);
    const a = author.page;
    await signIn(a, AUTHOR.email, DEMO_PASSWORD);
    await visit(a, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
    await expect(a.getByLabel("Forum", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
    await a.getByLabel("Title", { exact: true }).fill(title);
    await a.getByLabel("Your post", { exact: true }).fill(body);
    await a.getByRole("button", { name: "Send to moderators" }).click();
    await expect(a).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(a, title);
    const threadPath = new URL(a.url()).pathname;
    const own = a.locator("article[id^='post-']").filter({ hasText: body });
    await expect(own).toHaveCount(1);
    const postId = (await own.getAttribute("id"))!.slice("post-".length);
    const itemPath = `/moderation/items/${postId}`;
    return { author, a, threadPath, postId, itemPath };
  });

  const { kit, k, queued, sam, s } = await test.step("Kit has the review queue open; Sam opens the item, and Kit's queue shows it live", async () => {
    const kit = await newPerson(browser);
    const k = kit.page;
    await signIn(k, KIT.email, DEMO_PASSWORD);
    await visit(k, "/moderation", "Review queue");
    const queued = k.locator(`[data-testid="queue-item"][data-post-id="${postId}"]`);
    await expect(queued).toContainText(`Opening post in ${FORUM.name}, by ${AUTHOR.name}`);

    const sam = await newPerson(browser);
    const s = sam.page;
    await signIn(s, SAM.email, DEMO_PASSWORD);
    await visit(s, itemPath, "Review this opening post");
    await expect(queued.getByTestId("queue-item-lookers")).toHaveText(`Being looked at by ${SAM.name}`);
    return { kit, k, queued, sam, s };
  });

  await test.step("Kit opens the same item: each sees the other named in the presence box", async () => {
    await queued.getByRole("link", { name: /^Review/ }).click();
    await expect(k).toHaveURL(new RegExp(`${itemPath}$`));
    await expect(k.getByTestId("presence")).toHaveText(`Also looking at this: ${SAM.name}`);
    await expect(s.getByTestId("presence")).toHaveText(`Also looking at this: ${KIT.name}`);
    await expectAccessiblePage(k, "Review this opening post");
    await expectAccessiblePage(s, "Review this opening post");
    await expect(k.getByTestId("item-summary")).toContainText("Waiting for review");
  });

  await test.step("Sam approves. Kit's page, not reloaded, says so at once and shows the post as it now is", async () => {
    await s.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(s).toHaveURL(/\/moderation\?done=approved$/);
    await expect(s.getByText("The post has been approved and published.")).toBeVisible();
    await expectAccessiblePage(s, "Review queue");
    await expect(k.getByTestId("presence")).toHaveText("");
    const notice = k.getByTestId("decided-elsewhere");
    await expect(notice).toContainText(new RegExp(`${SAM.name} approved this post at \\d{2}:\\d{2} (GMT|BST)\\.`));
    await expect(notice.getByRole("link", { name: "Reload this page" })).toHaveAttribute("href", itemPath);
    await expect(k.getByTestId("item-summary")).toContainText("Published");
    await expect(k.getByTestId("item-summary")).toContainText(new RegExp(`Last decision\\s*${SAM.name} approved this post at \\d{2}:\\d{2} (GMT|BST) on \\d{1,2} [A-Z][a-z]+ \\d{4}`));
    await expect(k.getByTestId("decision-approve")).toHaveCount(0);
    await expect(k.getByTestId("decision-reject")).toHaveCount(0);
    await expect(k).toHaveURL(new RegExp(`${itemPath}$`));
    await expectAccessiblePage(k, "Review this opening post");
  });

  const { replyPath, replyText } = await test.step("The member replies in the now published thread", async () => {
    const replyText = `My mother waited four hours and then was sent home. ${suffix}`;
    await visit(a, threadPath, title);
    await a.getByLabel("Your reply", { exact: true }).fill(replyText);
    await a.getByRole("button", { name: "Send reply" }).click();
    await expect(a.getByText("Your post has been sent to the moderators. It will appear once approved.")).toBeVisible();
    const own = a.locator("article[id^='post-']").filter({ hasText: replyText });
    await expect(own).toHaveCount(1);
    const replyId = (await own.getAttribute("id"))!.slice("post-".length);
    return { replyPath: `/moderation/items/${replyId}`, replyText };
  });

  const k2 = await test.step("Kit opens the reply on a page whose live connection is cut; Sam approves it", async () => {
    const k2 = await kit.context.newPage();
    // No live connection: its WebSocket is closed at once and its long-polling fallback refused.
    await k2.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await k2.route("**/socket.io/**", (route) => route.abort());
    await visit(k2, replyPath, "Review this reply");
    await expect(k2.getByTestId("item-summary")).toContainText("Waiting for review");
    await visit(s, replyPath, "Review this reply");
    await s.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(s).toHaveURL(/\/moderation\?done=approved$/);
    // Kit's page heard nothing: it still offers the decisions.
    await expect(k2.getByTestId("decided-elsewhere")).toHaveText("");
    await expect(k2.getByTestId("item-summary")).toContainText("Waiting for review");
    return k2;
  });

  await test.step("Kit, on the reply as it was, rejects it: refused with what happened named, and the page shows the truth without a reload", async () => {
    const reject = k2.getByTestId("decision-reject");
    await reject.getByRole("radio", { name: "It is not about the forum's purpose" }).check();
    await reject.getByRole("button", { name: "Reject" }).click();
    const summary = k2.getByTestId("error-summary");
    await expect(summary).toContainText(new RegExp(`This post has already been approved by ${SAM.name} at \\d{2}:\\d{2} (GMT|BST) on \\d{1,2} [A-Z][a-z]+\\. Nothing was changed\\.`));
    await expect(k2).toHaveURL(new RegExp(`${replyPath}$`));
    await expect(k2.getByTestId("item-summary")).toContainText("Published");
    await expect(k2.getByTestId("item-summary")).not.toContainText("Waiting for review");
    await expect(k2.getByTestId("item-summary")).toContainText(new RegExp(`Last decision\\s*${SAM.name} approved this post at \\d{2}:\\d{2} (GMT|BST) on`));
    await expect(k2.getByTestId("decision-approve")).toHaveCount(0);
    await expect(k2.getByTestId("decision-reject")).toHaveCount(0);
    // The queue's count in the navigation is today's, not the count from before the approval.
    const counted = async (page: typeof k2) => (await page.getByRole("navigation", { name: "Moderation" }).getByRole("link", { name: /^Review queue/ }).textContent())?.trim();
    const onRefusedPage = await counted(k2);
    await visit(s, "/moderation", "Review queue");
    await expect(s.locator(`[data-testid="queue-item"][data-post-id="${replyPath.split("/").pop()}"]`)).toHaveCount(0);
    expect(onRefusedPage).toBe(await counted(s));
    await expectAccessiblePage(k2, "Review this reply");
    await k2.close();
  });

  await test.step("Nothing changed: the item is published, with no rejection recorded, and cannot be rejected now", async () => {
    await visit(k, itemPath, "Review this opening post");
    await expect(k.getByTestId("item-summary")).toContainText("Published");
    await expect(k.getByTestId("item-summary")).not.toContainText("Rejection reason");
    await expect(k.getByTestId("decision-reject")).toHaveCount(0);
    await expect(k.getByTestId("decision-approve")).toHaveCount(0);
  });

  await test.step("The author's posts are published, and they were told of the approvals only", async () => {
    await visit(a, threadPath, title);
    await expect(a.locator(`#post-${postId}`)).toContainText(body);
    await expect(a.getByText(replyText)).toBeVisible();
    await expect(a.locator(`#post-${postId}`).getByText("Not approved", { exact: true })).toHaveCount(0);
    await expect(a.locator(`#post-${postId}`).getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    await visit(a, "/notifications", "Notifications");
    // Both posts (the opening post and the reply) approved, each told once.
    await expect(a.getByRole("link", { name: `Your post in "${title}" was approved and is now visible.` })).toHaveCount(2);
    await expect(a.getByRole("link", { name: new RegExp(`^Your post in "${title.replace(/[()]/g, "\\$&")}" was not approved`) })).toHaveCount(0);
  });

  await signOut(k);
  await signOut(s);
  await signOut(a);
  await Promise.all([author.context.close(), kit.context.close(), sam.context.close()]);
});
