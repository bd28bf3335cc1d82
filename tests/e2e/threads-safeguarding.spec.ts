// Safeguarding (issue 3): a member replies in a thread of their forum and ticks "I am at risk
// now". They see emergency contacts straight away; the post skips the ordinary review queue
// and is on the moderators' safeguarding list instead; another member of the forum never sees
// it on the thread page.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

const FORUM = { slug: "london", name: "London Victim Voice Forum" };
const AUTHOR = { email: DEMO.member(4), name: "Silver Birch" };
const OTHER = { email: DEMO.member(5), name: "Morning Tide" };
const MODERATOR = { email: DEMO.moderator2, name: "Moderator Kit" };

/** The id of the one post on the thread page whose text contains `text`. */
async function postIdOf(page: Page, text: string) {
  const article = page.locator("article[id^='post-']").filter({ hasText: text });
  await expect(article).toHaveCount(1);
  return (await article.getAttribute("id"))!.slice("post-".length);
}

test("a post from a member at risk goes to safeguarding, never to the forum", async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `Moving house after a burglary (${suffix})`;
  const opening = `We moved after the burglary. Has anyone had help with the cost of moving? ${suffix}`;
  const atRiskText = `He has found out where I live now and was outside again last night. ${suffix}`;

  const { author, a, threadPath, openingId, moderator, m } = await test.step("The member starts a thread; a moderator publishes it", async () => {
    const author = await newPerson(browser);
    const a = author.page;
    await signIn(a, AUTHOR.email, DEMO_PASSWORD);
    await visit(a, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
    await a.getByLabel("Title", { exact: true }).fill(title);
    await a.getByLabel("Your post", { exact: true }).fill(opening);
    await a.getByRole("button", { name: "Send to moderators" }).click();
    await expect(a).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(a, title);
    const threadPath = new URL(a.url()).pathname;
    const openingId = await postIdOf(a, opening);
    // An ordinary post shows no emergency contacts.
    await expect(a.getByTestId("emergency-contacts")).toHaveCount(0);

    const moderator = await newPerson(browser);
    const m = moderator.page;
    await signIn(m, MODERATOR.email, DEMO_PASSWORD);
    await visit(m, `/moderation/items/${openingId}`, "Review this opening post");
    await m.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(m).toHaveURL(/\/moderation\?done=approved$/);
    await expectAccessiblePage(m, "Review queue");
    return { author, a, threadPath, openingId, moderator, m };
  });

  await test.step('The member replies and ticks "I am at risk now"', async () => {
    await visit(a, threadPath, title);
    await a.getByLabel("Your reply", { exact: true }).fill(atRiskText);
    await a.getByRole("checkbox", { name: "I am at risk now" }).check();
    await a.getByRole("button", { name: "Send reply" }).click();
    await expect(a).toHaveURL(new RegExp(`${threadPath}$`));
  });

  const { atRiskId } = await test.step("Emergency contacts, straight away, once", async () => {
    const contacts = a.getByTestId("emergency-contacts");
    await expect(contacts).toHaveCount(1);
    await expect(contacts.getByRole("heading", { name: "If you are in danger now" })).toBeVisible();
    // With JavaScript on, the box takes focus and is read out at once, before anything else.
    await expect(contacts).toBeFocused();
    await expect(a.getByTestId("danger-announcer")).toContainText(/^If you are in danger now\b.*Call 999 and ask for the police\./);
    await expect(contacts).toContainText("Call 999 and ask for the police");
    await expect(contacts.getByRole("link", { name: "999", exact: true })).toHaveAttribute("href", "tel:999");
    await expect(contacts.getByRole("link", { name: "101", exact: true })).toHaveAttribute("href", "tel:101");
    await expect(contacts.getByRole("link", { name: "116 123", exact: true })).toHaveAttribute("href", "tel:116123");
    await expect(a.getByText("Thank you for telling us. A moderator will read your post soon. It will not be published as it stands.", { exact: true })).toBeVisible();
    await expectAccessiblePage(a, title);
    // Their own post shows as waiting, to them only.
    const atRiskId = await postIdOf(a, atRiskText);
    await expect(a.locator(`#post-${atRiskId}`).getByText("Awaiting moderation", { exact: true })).toBeVisible();
    return { atRiskId };
  });

  await test.step("Not in the ordinary review queue…", async () => {
    await visit(m, "/moderation", "Review queue");
    await expect(m.getByTestId("queue-count")).toBeVisible();
    await expect(m.locator(`[data-testid="queue-item"][data-post-id="${atRiskId}"]`)).toHaveCount(0);
    await expect(m.getByTestId("review-queue")).not.toContainText(atRiskText);
    // …but on the safeguarding list, marked "At risk now".
    await m.getByRole("navigation", { name: "Moderation" }).getByRole("link", { name: /^Safeguarding/ }).click();
    await expect(m).toHaveURL(/\/moderation\/safeguarding$/);
    await expectAccessiblePage(m, "Safeguarding");
    const row = m.getByTestId("safeguarding-list").locator(`tr[data-post-id="${atRiskId}"]`);
    await expect(row).toContainText(title);
    await expect(row).toContainText(AUTHOR.name);
    await expect(row.getByText("At risk now", { exact: true })).toBeVisible();
    await row.getByRole("link", { name: /^Review/ }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation/items/${atRiskId}$`));
    await expectAccessiblePage(m, "Review this reply");
    await expect(m.getByTestId("item-summary")).toContainText("Safeguarding");
    await expect(m.getByText("The author said they are at risk now.")).toBeVisible();
    await expect(m.getByTestId("post-text")).toHaveText(atRiskText);
    // It is never published as it stands: there is no plain "Approve".
    await expect(m.getByTestId("decision-approve")).toHaveCount(0);
  });

  const { other, o } = await test.step("Another member of the forum reads the thread: the post is not there", async () => {
    const other = await newPerson(browser);
    const o = other.page;
    await signIn(o, OTHER.email, DEMO_PASSWORD);
    await visit(o, threadPath, title);
    await expect(o.locator(`#post-${openingId}`)).toContainText(opening);
    await expect(o.locator(`#post-${atRiskId}`)).toHaveCount(0);
    await expect(o.getByText(atRiskText)).toHaveCount(0);
    await expect(o.getByTestId("emergency-contacts")).toHaveCount(0);
    // Nor is it on the safeguarding list for them: moderators only.
    const refused = await o.goto("/moderation/safeguarding");
    expect(refused?.status()).toBe(403);
    await expectAccessiblePage(o);
    await expect(o.getByText(atRiskText)).toHaveCount(0);
    return { other, o };
  });

  await signOut(m);
  await visit(o, "/forums", "Your forums");
  await signOut(o);
  await signOut(a);
  await Promise.all([author.context.close(), other.context.close(), moderator.context.close()]);
});
