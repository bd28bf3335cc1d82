// The meetings journey (issue 5): a moderator schedules a meeting; two members answer "going"
// (one changes their mind on the way) and download the calendar file; the moderator marks it
// held, records attendance and writes minutes with a quote and two actions, and sends the draft
// for review; a member who attended comments and agrees to be named; the minutes are published;
// the Met's responder marks one action done with evidence; a signed-out visitor reads the
// minutes and sees the action log with one action done and one open. Every page is scanned.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, journeyTag, newPerson, signIn, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { DAY } from "../../app/utils/time";

const LONDON = "London Victim Voice Forum";
// Members 1 and 6 are in the London forum (db/seed.ts); other journeys change members 2–5.
const ALICE = { email: DEMO.member(1), name: "Quiet Heron" };
const BOB = { email: DEMO.member(6), name: "River Stone" };

/** Today's date in London as day, month, year (the meeting is today, so it can be held now). */
function londonToday() {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric" }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: get("day"), month: get("month"), year: get("year") };
}

/** A date `days` from today, as the due-date fields want it. */
function inDays(days: number) {
  const d = new Date(Date.now() + days * DAY);
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) };
}

async function fillDate(page: Page, group: string, date: { day: string; month: string; year: string }) {
  const fieldset = page.getByRole("group", { name: group });
  await fieldset.getByLabel("Day").fill(date.day);
  await fieldset.getByLabel("Month").fill(date.month);
  await fieldset.getByLabel("Year").fill(date.year);
}

test("schedule → RSVP → minutes with actions → review, consent → publish → the Met delivers → the public reads", async ({ browser }) => {
  test.setTimeout(600_000);
  const suffix = journeyTag();
  const title = `Forum meeting ${suffix}: updates on cases`;
  const metAction = `Name an officer in every case update letter ${suffix}`;
  const mopacAction = `Publish monthly figures on case updates ${suffix}`;

  const { moderator, mod, meetingPath } = await test.step("The moderator schedules a meeting of the London forum for today", async () => {
    const moderator = await newPerson(browser);
    const mod = moderator.page;
    await signIn(mod, DEMO.moderator, DEMO_PASSWORD);
    await visit(mod, "/meetings", "Meetings");
    await mod.getByRole("link", { name: "Schedule a meeting" }).click();
    await expect(mod).toHaveURL(/\/meetings\/new$/);
    await expectAccessiblePage(mod, "Schedule a meeting");
    await mod.getByRole("radio", { name: LONDON }).check();
    await mod.getByRole("button", { name: "Continue" }).click();
    await expect(mod).toHaveURL(/\/meetings\/new\?forum=/);
    await expectAccessiblePage(mod, "Schedule a meeting");
    // Sent empty first: every problem is listed at once, each linked to its field.
    await mod.getByRole("button", { name: "Schedule the meeting" }).click();
    const summary = mod.getByTestId("error-summary");
    await expect(summary).toContainText("Enter the meeting's title");
    await expect(summary).toContainText("Enter the date of the meeting");
    await expect(summary).toContainText("Add at least one agenda item");
    await expectAccessiblePage(mod, "Schedule a meeting");
    await mod.getByLabel("Title", { exact: true }).fill(title);
    await fillDate(mod, "Date", londonToday());
    await mod.getByLabel("Start time (London time)").fill("00:01");
    await mod.getByLabel("End time (London time)").fill("23:59");
    await mod.getByLabel("Place (optional if the meeting is online)").fill("City Hall, Committee Room 4");
    await mod.getByLabel("Online link (optional if the meeting is in person)").fill(`https://meet.example.org/vvf-${suffix}`);
    await mod.getByLabel("Item 1: title").fill("Updates on cases");
    await mod.getByLabel("Item 2: title").fill("Support at court");
    await mod.getByRole("button", { name: "Schedule the meeting" }).click();
    await expect(mod).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?done=scheduled$/);
    await expect(mod.getByText("The meeting is scheduled and the forum's members have been emailed.")).toBeVisible();
    await expectAccessiblePage(mod, title);
    const meetingPath = new URL(mod.url()).pathname;
    await expect(mod.getByTestId("meeting-details")).toContainText(/\d\d:\d\d (GMT|BST) to 23:59 (GMT|BST)/);
    return { moderator, mod, meetingPath };
  });

  await test.step("Two members answer; Bob changes his mind. Each sees only their own answer", async () => {
    for (const [who, answers] of [
      [ALICE, ["Going"]],
      [BOB, ["Maybe", "Going"]],
    ] as const) {
      const member = await newPerson(browser);
      await signIn(member.page, who.email, DEMO_PASSWORD);
      await visit(member.page, meetingPath, title);
      await expect(member.page.getByRole("link", { name: /Join online/ })).toHaveAttribute("href", `https://meet.example.org/vvf-${suffix}`);
      await expect(member.page.getByTestId("rsvp-counts")).toHaveCount(0);
      for (const answer of answers) {
        await member.page.getByRole("radio", { name: answer, exact: true }).check();
        await member.page.getByRole("button", { name: "Save your answer" }).click();
        await expect(member.page.getByText("Your answer has been saved.")).toBeVisible();
        await expect(member.page.getByTestId("rsvp-form")).toContainText(`Your answer: ${answer}.`);
        await expectAccessiblePage(member.page, title);
      }
      const ics = await member.page.request.get(`${meetingPath}/ics`);
      expect(ics.status()).toBe(200);
      expect(ics.headers()["content-type"]).toContain("text/calendar");
      const calendar = await ics.text();
      expect(calendar).toContain("BEGIN:VEVENT");
      expect(calendar).toMatch(/DTSTART:\d{8}T\d{6}Z/);
      await member.context.close();
    }
  });

  await test.step("The moderator sees the counts, marks the meeting held and records attendance", async () => {
    await visit(mod, meetingPath, title);
    await expect(mod.getByTestId("rsvp-counts")).toContainText("2 going, 0 maybe, 0 not going");
    await mod.getByRole("button", { name: "Mark as held" }).click();
    await expect(mod.getByText("The meeting is marked as held.")).toBeVisible();
    await expectAccessiblePage(mod, title);
    await mod.getByRole("link", { name: "Record the attendance" }).click();
    await expectAccessiblePage(mod, "Attendance");
    await mod.getByLabel("Members", { exact: true }).fill("2");
    await mod.getByLabel("Metropolitan Police").fill("1");
    await mod.getByLabel("MOPAC").fill("1");
    await mod.getByLabel("Facilitators").fill("2");
    await mod.getByRole("checkbox", { name: ALICE.name }).check();
    await mod.getByRole("button", { name: "Save the attendance" }).click();
    await expect(mod.getByText("The attendance has been saved.")).toBeVisible();
    await mod.getByRole("button", { name: "Start writing the minutes" }).click();
    await expect(mod.getByText("You can now write the minutes.")).toBeVisible();
    await expectAccessiblePage(mod, title);
  });

  await test.step("Minutes for the first item: summary, decisions, a quote from Alice and two actions", async () => {
    await mod.getByRole("link", { name: "Write the minutes" }).click();
    await expectAccessiblePage(mod, "Minutes");
    await mod.getByRole("link", { name: /Write the minutes\s+for “Updates on cases”/ }).click();
    await expectAccessiblePage(mod, "1. Updates on cases");
    await mod.getByLabel("Summary of the discussion").fill("Members said updates on their cases came **late**, or not at all.");
    await mod.getByLabel("Decisions").fill("- The Met will name an officer in every update letter.");
    await mod.getByRole("button", { name: "Save this item" }).click();
    await expect(mod.getByText("The minutes for this item have been saved.")).toBeVisible();
    await mod.getByLabel("What was said").fill("I found out my case was closed from a letter with no name on it.");
    await mod.getByLabel("Who said it").selectOption({ label: `${ALICE.name} (will be shown as “a member”)` });
    await mod.getByRole("button", { name: "Add the quote" }).click();
    await expect(mod.getByTestId("quotes")).toContainText(`said by ${ALICE.name}`);
    for (const [what, owner, due] of [
      [metAction, "Metropolitan Police", inDays(30)],
      [mopacAction, "MOPAC", inDays(60)],
    ] as const) {
      await mod.getByLabel("What will be done").fill(what);
      await mod.getByRole("radio", { name: owner, exact: true }).check();
      await fillDate(mod, "Due date", due);
      await mod.getByRole("button", { name: "Add the action" }).click();
      await expect(mod.getByText("The action has been added.")).toBeVisible();
      await expect(mod.getByTestId("item-actions")).toContainText(what);
    }
    await expectAccessiblePage(mod, "1. Updates on cases");
  });

  await test.step("Draft minutes are not public yet: their actions are not in the log", async () => {
    const early = await newPerson(browser);
    await visit(early.page, "/actions", "Action log");
    await expect(early.page.getByText(metAction)).toHaveCount(0);
    await early.context.close();
  });

  await test.step("The draft goes to the members who attended", async () => {
    await visit(mod, meetingPath, title);
    await mod.getByRole("button", { name: "Send the draft to members for review" }).click();
    await expect(mod.getByText("The draft minutes were sent to the members who attended.")).toBeVisible();
    await expectAccessiblePage(mod, title);
  });

  await test.step("Alice comments on an item and agrees to be named", async () => {
    const alice = await newPerson(browser);
    await signIn(alice.page, ALICE.email, DEMO_PASSWORD);
    await visit(alice.page, meetingPath, title);
    await alice.page.getByRole("link", { name: "Read and comment on the draft minutes" }).click();
    await expectAccessiblePage(alice.page, "Review the draft minutes");
    await expect(alice.page.getByTestId("quote")).toContainText("— A member (you)");
    await alice.page.getByRole("radio", { name: "1. Updates on cases" }).check();
    await alice.page.getByLabel("Your comment").fill(`It was three months before anyone told me (${suffix}).`);
    await alice.page.getByRole("button", { name: "Send your comment" }).click();
    await expect(alice.page.getByText("Your comment has been sent to the moderators.")).toBeVisible();
    await alice.page.getByRole("button", { name: "Name me in these minutes" }).click();
    await expect(alice.page.getByText("You will be named where these minutes quote you.")).toBeVisible();
    await expect(alice.page.getByTestId("quote")).toContainText(`— ${ALICE.name} (you)`);
    await expectAccessiblePage(alice.page, "Review the draft minutes");
    await alice.context.close();
  });

  await test.step("The moderator reads the comment and publishes, closing the review early", async () => {
    await visit(mod, `${meetingPath}/review`, "Review comments");
    await expect(mod.getByTestId("review-comments")).toContainText(`It was three months before anyone told me (${suffix}).`);
    await expect(mod.getByTestId("review-comments")).toContainText(ALICE.name);
    await visit(mod, meetingPath, title);
    await mod.getByRole("button", { name: "Publish the minutes" }).click();
    await expect(mod.getByTestId("error-summary")).toContainText("confirm that you want to close the review early");
    await expectAccessiblePage(mod, title);
    await mod.getByLabel("Close the review early and publish now").check();
    await mod.getByRole("button", { name: "Publish the minutes" }).click();
    await expect(mod.getByText("The minutes are published.")).toBeVisible();
    await expectAccessiblePage(mod, title);
    await moderator.context.close();
  });

  await test.step("The Met's responder finds the Met's action and marks it done, with evidence", async () => {
    const met = await newPerson(browser);
    await signIn(met.page, DEMO.met, DEMO_PASSWORD);
    await visit(met.page, "/actions?organisation=met", "Action log");
    await met.page.getByRole("link", { name: metAction }).click();
    await expectAccessiblePage(met.page, metAction);
    await met.page.getByRole("radio", { name: "Mark as done" }).check();
    await met.page.getByRole("button", { name: "Save the update" }).click();
    await expect(met.page.getByTestId("error-summary")).toContainText("a short description or a link");
    await expectAccessiblePage(met.page, metAction);
    await met.page.getByRole("radio", { name: "Mark as done" }).check();
    await met.page.getByLabel("Evidence it was done").fill("https://www.example.org/met/update-letter");
    await met.page.getByRole("textbox", { name: "Progress note" }).fill("Every update letter now names the officer in the case.");
    await met.page.getByRole("button", { name: "Save the update" }).click();
    await expect(met.page.getByText("The action is marked as done.")).toBeVisible();
    await expect(met.page.getByTestId("action-history")).toContainText("Metropolitan Police: marked as done");
    await expectAccessiblePage(met.page, metAction);
    // The MOPAC action is not the Met's to update.
    await met.page.goto("/actions");
    await met.page.getByRole("link", { name: mopacAction }).click();
    await expect(met.page.getByTestId("action-update-form")).toHaveCount(0);
    await met.context.close();
  });

  await test.step("A signed-out visitor reads the published minutes and the action log", async () => {
    const visitor = await newPerson(browser);
    const page = visitor.page;
    await visit(page, "/meetings", "Meetings");
    await page.getByRole("link", { name: title }).click();
    await expectAccessiblePage(page, title);
    const minutes = page.getByTestId("minutes");
    await expect(minutes).toContainText("Members said updates on their cases came late");
    await expect(minutes.getByTestId("quote")).toContainText(`— ${ALICE.name}`);
    await expect(page.getByTestId("attendance")).toContainText("Total");
    // No online link, nobody named who did not agree, no review comments.
    await expect(page.getByRole("link", { name: /Join online/ })).toHaveCount(0);
    await expect(page.getByRole("main")).not.toContainText(BOB.name);
    await expect(page.getByRole("main")).not.toContainText("three months before anyone told me");
    await visit(page, "/actions", "Action log");
    const rows = page.getByTestId("action-row");
    await expect(rows.filter({ hasText: metAction })).toContainText("Done");
    await expect(rows.filter({ hasText: mopacAction })).toContainText("Open");
    await rows.filter({ hasText: metAction }).getByRole("link", { name: metAction }).click();
    await expectAccessiblePage(page, metAction);
    await expect(page.getByTestId("action-history")).toContainText("Every update letter now names the officer in the case.");
    await expect(page.getByTestId("action-summary")).toContainText("https://www.example.org/met/update-letter");
    await page.getByRole("link", { name: new RegExp(title) }).click();
    await expectAccessiblePage(page, title);
    await visitor.context.close();
  });
});
