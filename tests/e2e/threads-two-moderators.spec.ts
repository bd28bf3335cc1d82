// Two moderators at once (issue 3): both open the same review item and each sees, live, that the
// other is looking at it. One approves; the other, still on the item, then rejects it and is told
// what happened ("already been approved by …"). Nothing changes: the post stays published and its
// author hears only of the approval.
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
    await expect(a).toHaveURL(/\/threads\/[0-9a-f-]{36}\?submitted=1$/);
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

  await test.step("Sam approves. Kit's page, not reloaded, no longer shows Sam looking", async () => {
    await s.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(s).toHaveURL(/\/moderation\?done=approved$/);
    await expect(s.getByText("The post has been approved and published.")).toBeVisible();
    await expectAccessiblePage(s, "Review queue");
    await expect(k.getByTestId("presence")).toHaveText("");
  });

  await test.step("Kit, still on the item as it was, rejects it: refused, with what happened named", async () => {
    const reject = k.getByTestId("decision-reject");
    await reject.getByRole("radio", { name: "It is not about the forum's purpose" }).check();
    await reject.getByRole("button", { name: "Reject" }).click();
    const summary = k.getByTestId("error-summary");
    await expect(summary).toContainText(new RegExp(`This post has already been approved by ${SAM.name} at \\d{2}:\\d{2} on \\d{1,2} [A-Z][a-z]+\\. Nothing was changed\\.`));
    await expect(k).toHaveURL(new RegExp(`${itemPath}$`));
    await expectAccessiblePage(k, "Review this opening post");
  });

  await test.step("Nothing changed: the item is published, with no rejection recorded, and cannot be rejected now", async () => {
    await visit(k, itemPath, "Review this opening post");
    await expect(k.getByTestId("item-summary")).toContainText("Published");
    await expect(k.getByTestId("item-summary")).not.toContainText("Rejection reason");
    await expect(k.getByTestId("decision-reject")).toHaveCount(0);
    await expect(k.getByTestId("decision-approve")).toHaveCount(0);
  });

  await test.step("The author's post is published, and they were told of the approval only", async () => {
    await visit(a, threadPath, title);
    await expect(a.locator(`#post-${postId}`)).toContainText(body);
    await expect(a.locator(`#post-${postId}`).getByText("Not approved", { exact: true })).toHaveCount(0);
    await expect(a.locator(`#post-${postId}`).getByText("Awaiting moderation", { exact: true })).toHaveCount(0);
    await visit(a, "/notifications", "Notifications");
    await expect(a.getByRole("link", { name: `Your post in "${title}" was approved and is now visible.` })).toBeVisible();
    await expect(a.getByRole("link", { name: new RegExp(`^Your post in "${title.replace(/[()]/g, "\\$&")}" was not approved`) })).toHaveCount(0);
  });

  await signOut(k);
  await signOut(s);
  await signOut(a);
  await Promise.all([author.context.close(), kit.context.close(), sam.context.close()]);
});
