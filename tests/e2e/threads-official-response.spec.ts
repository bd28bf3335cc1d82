// An official response (issue 3): a moderator asks the Met to respond to a published public
// thread; the Met's responder finds it on /respond and publishes a response with their role.
// A signed-out visitor, with the thread open, sees the response arrive, and reads it with the
// "Metropolitan Police" badge and the responder's role. A members-only thread is a 404 to them.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { trackJoinedRooms } from "./live-rooms";

const expect = baseExpect.configure({ timeout: 20_000 });

const FORUM = { slug: "london", name: "London Victim Voice Forum" };
const AUTHOR = { email: DEMO.member(6), name: "River Stone" };

/** Starts a thread in the London forum and returns its path and the opening post's id. */
async function startThread(page: Page, input: { title: string; body: string; visibility: "members" | "public" }) {
  await visit(page, `/threads/new?forum=${FORUM.slug}`, "Start a thread");
  await page.getByLabel("Title", { exact: true }).fill(input.title);
  await page.getByLabel("Your post", { exact: true }).fill(input.body);
  await page.getByRole("radio", { name: input.visibility === "public" ? "Anyone, including the public" : "Members of this forum only" }).check();
  await page.getByRole("button", { name: "Send to moderators" }).click();
  await expect(page).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
  await expectAccessiblePage(page, input.title);
  const article = page.locator("article[id^='post-']").filter({ hasText: input.body });
  await expect(article).toHaveCount(1);
  return { path: new URL(page.url()).pathname, postId: (await article.getAttribute("id"))!.slice("post-".length) };
}

/** A moderator publishes a post from its review page. */
async function approve(page: Page, postId: string) {
  await visit(page, `/moderation/items/${postId}`, "Review this opening post");
  await page.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(/\/moderation\?done=approved$/);
  await expectAccessiblePage(page, "Review queue");
}

test("the Met answers a thread marked for response and a signed-out visitor reads it", async ({ browser }) => {
  test.setTimeout(300_000);
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const title = `Updates after reporting online (${suffix})`;
  const body = `I reported a crime online and never heard anything back, not even a reference by email. ${suffix}`;
  const privateTitle = `Between members: giving evidence by video link (${suffix})`;
  const privateBody = `Did anyone give evidence by video link? I would like to know what it was like. ${suffix}`;
  const responderTitle = `Head of Victim Care, Online Reporting (${suffix})`;
  const responseText = `Thank you. From next month every online report gets an email with its reference within one working day. ${suffix}`;

  const { open, closed, moderator, m } = await test.step("A member starts a public thread and a members-only one; a moderator publishes both", async () => {
    const author = await newPerson(browser);
    const a = author.page;
    await signIn(a, AUTHOR.email, DEMO_PASSWORD);
    const open = await startThread(a, { title, body, visibility: "public" });
    const closed = await startThread(a, { title: privateTitle, body: privateBody, visibility: "members" });
    await signOut(a);
    await author.context.close();

    const moderator = await newPerson(browser);
    const m = moderator.page;
    await signIn(m, DEMO.moderator, DEMO_PASSWORD);
    await approve(m, open.postId);
    await approve(m, closed.postId);
    return { open, closed, moderator, m };
  });

  await test.step("The moderator asks the Met to respond, from the published opening post's review page", async () => {
    await visit(m, `/moderation/items/${open.postId}`, "Review this opening post");
    await m.getByRole("link", { name: "Mark this thread for response by the Met or MOPAC" }).click();
    await expect(m).toHaveURL(new RegExp(`/moderation${open.path}/respond$`));
    await expectAccessiblePage(m, "Ask for an official response");
    await m.getByRole("radio", { name: "Metropolitan Police", exact: true }).check();
    await expect(m.getByLabel("Due date")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
    // The hint names the usual time once the page runs in the browser too (it once read "undefined").
    await expect(m.getByText("The usual time is 20 working days.", { exact: false })).toBeVisible();
    await m.getByRole("button", { name: "Ask for a response" }).click();
    await expect(m).toHaveURL(new RegExp(`${open.path}\\?marked=1$`));
    await expectAccessiblePage(m, title);
    await expect(m.getByText("Awaiting a response from the Metropolitan Police.")).toBeVisible();
    await signOut(m);
    await moderator.context.close();
  });

  const { visitor, v, threadId } = await test.step("A signed-out visitor opens the public thread: the clock shows, no response yet", async () => {
    const visitor = await newPerson(browser);
    const v = visitor.page;
    const rooms = trackJoinedRooms(v);
    await visit(v, open.path, title);
    await expect(v.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await expect(v.getByText(body)).toBeVisible();
    await expect(v.getByText("Awaiting a response from the Metropolitan Police.")).toBeVisible();
    // A thread's clock counts working days, in public as on /respond.
    await expect(v.locator(".vvf-response-clock .govuk-tag")).toHaveText("20 working days left");
    await expect(v.locator("article[id^='response-']")).toHaveCount(0);
    const threadId = open.path.split("/")[2];
    await expect.poll(() => rooms.has(`thread:${threadId}`), { message: "the visitor's page joined the thread's live room", timeout: 30_000 }).toBe(true);
    await v.evaluate(() => ((window as unknown as { e2eNoReload: string }).e2eNoReload = "still here"));
    return { visitor, v, threadId };
  });

  const { responseId } = await test.step("The Met's responder finds the thread on /respond and publishes a response with their role", async () => {
    const met = await newPerson(browser);
    const r = met.page;
    await signIn(r, DEMO.met, DEMO_PASSWORD);
    await visit(r, "/respond", "Waiting for a response from Metropolitan Police");
    const row = r.getByTestId("awaiting-response").locator(`tr[data-thread-id="${threadId}"]`);
    await expect(row).toContainText(FORUM.name);
    await expect(row).toContainText("20 working days left");
    await row.getByRole("link", { name: title }).click();
    await expect(r).toHaveURL(new RegExp(`/respond${open.path}$`));
    await expectAccessiblePage(r, title);
    await expect(r.getByText(/^Moderators asked Metropolitan Police to respond to this thread by/)).toBeVisible();
    await expect(r.getByRole("main")).toContainText(body);
    await r.getByLabel("Your role, as shown with the response").fill(responderTitle);
    await r.getByLabel("Response", { exact: true }).fill(responseText);
    await r.getByRole("button", { name: "Publish the response" }).click();
    await expect(r).toHaveURL(new RegExp(`${open.path}#response-[0-9a-f-]{36}$`));
    await expectAccessiblePage(r, title);
    const responseId = new URL(r.url()).hash.slice("#response-".length);
    await expect(r.locator(`#response-${responseId}`)).toContainText(responseText);
    // Answered: it leaves the list.
    await visit(r, "/respond", "Waiting for a response from Metropolitan Police");
    await expect(r.locator(`tr[data-thread-id="${threadId}"]`)).toHaveCount(0);
    await signOut(r);
    await met.context.close();
    return { responseId };
  });

  const { response } = await test.step("The visitor's open page shows the response without a reload, and announces it", async () => {
    const response = v.locator(`#response-${responseId}`);
    await expect(response).toContainText(responseText);
    await expect(v.getByRole("status").filter({ hasText: "An official response has been published" })).toBeVisible();
    expect(await v.evaluate(() => (window as unknown as { e2eNoReload?: string }).e2eNoReload), "the visitor's page was not reloaded").toBe("still here");
    await expectAccessiblePage(v, title);
    return { response };
  });

  await test.step("Read afresh: the badge, the responder's role, the text; the clock has gone", async () => {
    await visit(v, open.path, title);
    await expect(response.getByRole("heading", { name: "Metropolitan Police Official response" })).toBeVisible();
    await expect(response.locator(".vvf-badge")).toHaveText("Metropolitan Police");
    await expect(response).toContainText(responderTitle);
    await expect(response).toContainText(responseText);
    await expect(v.getByRole("link", { name: "The Metropolitan Police has responded" })).toHaveAttribute("href", `#response-${responseId}`);
    await expect(v.getByText("Awaiting a response from the Metropolitan Police.")).toHaveCount(0);
    await expect(v.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  });

  await test.step("The members-only thread does not exist for the visitor", async () => {
    const hidden = await v.goto(closed.path);
    expect(hidden?.status(), "a members-only thread, signed out").toBe(404);
    await expectAccessiblePage(v);
    await expect(v.getByText(privateTitle)).toHaveCount(0);
    await expect(v.getByText(privateBody)).toHaveCount(0);
    await visitor.context.close();
  });
});
