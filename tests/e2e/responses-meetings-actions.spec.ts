// Official responses on a meeting and an action (issue 12): the Met's responder opens a meeting
// whose minutes are published and one of its actions (tests/e2e/prepare-data.ts made both for
// this journey alone), publishes a response to each with their role — after the form's errors
// and the identifying-details warning — and a signed-out reader finds both on the thing's own
// page with the badge, on /responses (filtered by kind), in the Atom feed and in the open data.
import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, fixtures } from "./fixtures";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";

const expect = baseExpect.configure({ timeout: 20_000 });

/** From the thing's page to its respond page, then publish (after a blank try and a warning). */
async function respond(page: Page, input: { thingPath: string; thingTitle: string; respondHeading: string; role: string; text: string; warnFirst: boolean }) {
  await visit(page, input.thingPath, input.thingTitle);
  await page.getByRole("button", { name: "Respond for Metropolitan Police" }).click();
  await expect(page).toHaveURL(new RegExp(`/respond${input.thingPath}$`));
  await expectAccessiblePage(page, input.respondHeading);
  await expect(page.getByText("There are no official responses to this", { exact: false })).toBeVisible();
  const role = page.getByLabel("Your role, as shown with the response");
  const body = page.getByLabel("Metropolitan Police's response");
  if (input.warnFirst) {
    await role.fill("");
    await page.getByRole("button", { name: "Publish the response" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Enter your role, like Reform lead, Victim Care");
    await expect(summary).toContainText("Write the response");
    await expectAccessiblePage(page, input.respondHeading);
    await role.fill(input.role);
    await body.fill(`${input.text} Ring me on 07700 900123 if anything is unclear.`);
    await page.getByRole("button", { name: "Publish the response" }).click();
    const warning = page.getByTestId("pii-warning");
    await expect(warning).toContainText("Your response may contain details that could identify you or someone else.");
    await expect(warning).toContainText("07700 900123");
    await expectAccessiblePage(page, input.respondHeading);
  } else {
    await role.fill(input.role);
  }
  await body.fill(input.text);
  await page.getByRole("button", { name: "Publish the response" }).click();
  await expect(page).toHaveURL(new RegExp(`${input.thingPath}\\?done=response#response-[0-9a-f-]{36}$`));
  await expectAccessiblePage(page, input.thingTitle);
  await expect(page.getByText("Your response is published, on this page and on the list of official responses.")).toBeVisible();
  const id = new URL(page.url()).hash.slice("#response-".length);
  const response = page.locator(`#response-${id}`);
  await expect(response).toContainText(input.text);
  // Published once: the page no longer offers another.
  await expect(page.getByRole("button", { name: "Respond for Metropolitan Police" })).toHaveCount(0);
  return id;
}

/** What a signed-out reader sees of one response on the thing's page. */
async function expectShownWithBadge(page: Page, input: { path: string; title: string; id: string; role: string; text: string }) {
  await visit(page, input.path, input.title);
  const section = page.getByRole("region", { name: "Official responses" });
  const response = section.locator(`#response-${input.id}`);
  await expect(response.getByRole("heading", { name: "Metropolitan Police Official response" })).toBeVisible();
  await expect(response.locator(".vvf-badge")).toHaveText("Metropolitan Police");
  await expect(response).toContainText(input.role);
  await expect(response).toContainText(input.text);
  await expect(page.getByRole("button", { name: /^Respond for/ })).toHaveCount(0);
}

test("the Met answers a meeting and an action, and a signed-out reader finds both everywhere responses are published", async ({ browser }) => {
  test.setTimeout(300_000);
  const { answerable } = fixtures();
  const suffix = `${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
  const meetingPath = `/meetings/${answerable.meetingId}`;
  const actionPath = `/actions/${answerable.actionId}`;
  const role = `Head of Victim Care (${suffix})`;
  const meetingText = `Thank you for the meeting. Every report will get an update within five working days from January. ${suffix}`;
  const actionText = `We have agreed the wording of the update with victims' services and start in January. ${suffix}`;

  const { meetingResponseId, actionResponseId } = await test.step("The Met's responder answers the meeting and then its action", async () => {
    const met = await newPerson(browser);
    const r = met.page;
    await signIn(r, DEMO.met, DEMO_PASSWORD);
    // Their list of things to answer names both: the meeting without a due date, the action with its clock.
    await visit(r, "/respond", "Waiting for a response from Metropolitan Police");
    await expect(r.getByTestId("awaiting-response").getByRole("link", { name: `Meeting: ${answerable.meetingTitle}` })).toHaveAttribute("href", `/respond${meetingPath}`);
    await expect(r.getByTestId("awaiting-response").getByRole("link", { name: `Action: ${answerable.actionTitle}` })).toHaveAttribute("href", `/respond${actionPath}`);
    const rowOf = (name: string) => r.getByTestId("awaiting-response").getByRole("row").filter({ has: r.getByRole("link", { name }) });
    await expect(rowOf(`Action: ${answerable.actionTitle}`)).toContainText(/\d+ days? left|Overdue by \d+ days?|Due today/);
    await expect(rowOf(`Meeting: ${answerable.meetingTitle}`)).toContainText("No due date");
    const meetingResponseId = await respond(r, {
      thingPath: meetingPath,
      thingTitle: answerable.meetingTitle,
      respondHeading: `Respond to the meeting: ${answerable.meetingTitle}`,
      role,
      text: meetingText,
      warnFirst: true,
    });
    const actionResponseId = await respond(r, {
      thingPath: actionPath,
      thingTitle: answerable.actionTitle,
      respondHeading: `Respond to the action: ${answerable.actionTitle}`,
      role,
      text: actionText,
      warnFirst: false,
    });
    await visit(r, "/respond", "Waiting for a response from Metropolitan Police");
    await expect(r.getByRole("link", { name: `Meeting: ${answerable.meetingTitle}` })).toHaveCount(0);
    await expect(r.getByRole("link", { name: `Action: ${answerable.actionTitle}` })).toHaveCount(0);
    await signOut(r);
    await met.context.close();
    return { meetingResponseId, actionResponseId };
  });

  const reader = await newPerson(browser);
  const v = reader.page;

  await test.step("Signed out: each response is on its meeting's and its action's page, with the badge and the role", async () => {
    await expectShownWithBadge(v, { path: meetingPath, title: answerable.meetingTitle, id: meetingResponseId, role, text: meetingText });
    await expectShownWithBadge(v, { path: actionPath, title: answerable.actionTitle, id: actionResponseId, role, text: actionText });
  });

  await test.step("Signed out: /responses lists both, and its filter by kind shows each alone", async () => {
    const summary = (text: string) => v.getByTestId("response-summary").filter({ hasText: text });
    await visit(v, "/responses", "Official responses");
    await expect(summary(meetingText)).toHaveCount(1);
    await expect(summary(meetingText)).toContainText(answerable.meetingTitle);
    await expect(summary(actionText)).toHaveCount(1);
    await expect(summary(actionText)).toContainText(answerable.actionTitle);
    await v.getByLabel("What it answers").selectOption("meeting");
    await v.getByRole("button", { name: "Show responses" }).click();
    await expect(v).toHaveURL(/[?&]kind=meeting/);
    await expectAccessiblePage(v, "Official responses");
    await expect(summary(meetingText)).toHaveCount(1);
    await expect(summary(actionText)).toHaveCount(0);
    await v.getByLabel("What it answers").selectOption("action");
    await v.getByRole("button", { name: "Show responses" }).click();
    await expect(v).toHaveURL(/[?&]kind=action/);
    await expectAccessiblePage(v, "Official responses");
    await expect(summary(actionText)).toHaveCount(1);
    await expect(summary(meetingText)).toHaveCount(0);
  });

  await test.step("Signed out: the responses feed and the open data carry both", async () => {
    // The server may keep a signed-out copy for a couple of seconds: ask until it is fresh.
    const atom = async () => {
      const feed = await v.request.get("/feeds/responses.atom");
      expect(feed.status()).toBe(200);
      return feed.text();
    };
    await expect.poll(atom, { timeout: 15_000 }).toContain(`urn:uuid:${meetingResponseId}`);
    const xml = await atom();
    expect(xml).toContain(`urn:uuid:${actionResponseId}`);
    expect(xml).toContain(suffix);
    const csv = await (await v.request.get("/open-data/responses.csv")).text();
    const line = (id: string) => csv.split("\n").find((l) => l.startsWith(id)) ?? "";
    expect(line(meetingResponseId)).toContain(`,meeting,${answerable.meetingId},`);
    expect(line(actionResponseId)).toContain(`,action,${answerable.actionId},`);
    const json = JSON.stringify(await (await v.request.get("/open-data/responses.json")).json());
    expect(json).toContain(meetingResponseId);
    expect(json).toContain(actionResponseId);
    await visit(v, "/open-data", /Open data/);
    await reader.context.close();
  });
});
