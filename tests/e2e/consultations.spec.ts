// The consultation journey (issue 4, "Tests: E2E"): a responder drafts a consultation and opens
// it; three members answer (one changes their answers); results stay hidden while it is open;
// a moderator closes it, approves the written answers and publishes the results; the responder
// publishes "You said, we did"; a signed-out visitor reads it all and downloads the CSV. Every
// page visited is scanned with axe.
//
// Members 8, 9 and 10 answer (other journeys use members 1–6 and 12); the consultation is for
// both demo forums.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { DAY } from "../../app/utils/time";

const LONDON = "London Victim Voice Forum";
const BLACK = "Victim Voice Forum for London's Black Communities";

/** London's calendar date and wall-clock time `offsetMs` from now, as the date and time inputs take them. */
function londonNow(offsetMs = 0) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(Date.now() + offsetMs))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, day: parts.day, month: parts.month, year: parts.year };
}

async function addQuestion(page: Page, input: { prompt: string; kind: string; options?: string; maxChoices?: string; optional?: boolean }) {
  const form = page.getByTestId("question-form");
  await form.getByLabel("Question", { exact: true }).fill(input.prompt);
  await form.getByRole("radio", { name: input.kind }).check();
  if (input.options) await form.getByLabel(/^Options, one per line/).fill(input.options);
  if (input.maxChoices) await form.getByLabel(/the most options a member may choose/).fill(input.maxChoices);
  if (input.optional) await form.getByLabel("Members must answer this question").uncheck();
  await form.getByRole("button", { name: "Add the question" }).click();
  await expect(page.getByText("The question has been added.")).toBeVisible();
  await expectAccessiblePage(page);
}

const question = (page: Page, prompt: RegExp | string) => page.getByRole("group", { name: prompt });

test("a consultation from draft to 'You said, we did', read by the public", async ({ browser }) => {
  test.setTimeout(600_000);
  const title = `Closure letters with a named contact ${Date.now().toString(36)}`;

  const { met, consultationPath } = await test.step("1. The responder drafts it, with four kinds of question, and reorders them", async () => {
    const met = await newPerson(browser);
    await signIn(met.page, DEMO.met, DEMO_PASSWORD);
    await visit(met.page, "/consultations", "Consultations");
    await met.page.getByRole("link", { name: "Draft a new consultation" }).click();
    await expect(met.page).toHaveURL(/\/consultations\/new$/);
    await expectAccessiblePage(met.page, "Draft a consultation");
    // Nothing filled in: every problem is listed and linked.
    await met.page.getByRole("button", { name: "Save and add questions" }).click();
    await expect(met.page.getByTestId("error-summary")).toContainText("Enter a title");
    await expect(met.page.getByTestId("error-summary")).toContainText("Choose at least one forum");
    await expectAccessiblePage(met.page, "Draft a consultation");
    await met.page.getByLabel("Title").fill(title);
    await met.page.getByLabel("Summary").fill("We propose that every letter telling a victim their case has closed names a contact.");
    await met.page.getByLabel("The proposal in full").fill("## What we propose\n\nEvery closure letter names a **contact** and a phone line.\n\n<script>alert('x')</script>");
    await met.page.getByRole("checkbox", { name: LONDON, exact: true }).check();
    await met.page.getByRole("checkbox", { name: BLACK, exact: true }).check();
    const opens = londonNow(-3 * 60_000);
    const closes = londonNow(7 * DAY);
    await met.page.locator("#field-opensDate").fill(opens.date);
    await met.page.locator("#field-opensTime").fill(opens.time);
    await met.page.locator("#field-closesDate").fill(closes.date);
    await met.page.locator("#field-closesTime").fill("17:00");
    await met.page.getByRole("button", { name: "Save and add questions" }).click();
    await expect(met.page).toHaveURL(/\/consultations\/[0-9a-f-]{36}\/edit\?done=created/);
    await expect(met.page.getByText("The draft has been saved. Now add its questions.")).toBeVisible();
    await expectAccessiblePage(met.page, title);
    const consultationPath = new URL(met.page.url()).pathname.replace(/\/edit$/, "");

    await addQuestion(met.page, { prompt: "Should every closure letter name a contact?", kind: "Single choice", options: "Yes\nNo\nNot sure" });
    await addQuestion(met.page, { prompt: "Which updates matter most to you?", kind: "Multiple choice", options: "Arrest\nCharge\nCourt date", maxChoices: "2" });
    await addQuestion(met.page, { prompt: "How much do you agree with the proposal?", kind: "Scale from 1 to 5" });
    await addQuestion(met.page, { prompt: "Anything else we should know?", kind: "Written answer", optional: true });
    // A choice question without options is refused, with the input kept.
    await met.page.getByTestId("question-form").getByLabel("Question", { exact: true }).fill("A question without options?");
    await met.page.getByTestId("question-form").getByRole("button", { name: "Add the question" }).click();
    await expect(met.page.getByTestId("error-summary")).toContainText("Enter at least 2 options, one per line");
    await expect(met.page.getByTestId("question-form").getByLabel("Question", { exact: true })).toHaveValue("A question without options?");
    await expectAccessiblePage(met.page, title);
    // Reorder without JavaScript-only controls: the scale question moves up; "Not sure" moves up.
    await met.page.getByRole("button", { name: "Move up question 3" }).click();
    await expect(met.page.getByText("The order has been changed.")).toBeVisible();
    await expect(met.page.getByTestId("question-card").nth(1)).toContainText("How much do you agree with the proposal?");
    await met.page.getByRole("button", { name: "Up option ‘Not sure’ of question 1" }).click();
    await expect(met.page.getByTestId("question-card").first().locator("ol.govuk-list--number > li")).toHaveText([/^Yes/, /^Not sure/, /^No/]);
    await expectAccessiblePage(met.page, title);
    return { met, consultationPath };
  });

  await test.step("2. It opens: its opening time has passed, so scheduling opens it at once", async () => {
    await met.page.getByRole("button", { name: "Schedule it to open" }).click();
    await expect(met.page).toHaveURL(new RegExp(`${consultationPath}\\?done=opened`));
    await expect(met.page.getByText("The consultation is open. The forums' members have been emailed.")).toBeVisible();
    await expect(met.page.getByTestId("response-count")).toContainText("0 responses");
    await expect(met.page.getByRole("main")).toContainText("Results are not shown to anyone, staff included, while a consultation is open.");
    // The proposal is sanitized: the script is shown as text, never run.
    await expect(met.page.locator(".vvf-post-body script")).toHaveCount(0);
    await expectAccessiblePage(met.page, title);
    // Staff cannot read results while it is open, not even through the results page.
    const hidden = await met.page.goto(`${consultationPath}/results`);
    expect(hidden?.status()).toBe(403);
    await expectAccessiblePage(met.page);
  });

  const { first, second, third } = await test.step("3. Three members answer; the first later changes their answers", async () => {
    const answerAs = async (n: number, answers: { q1: string; q2: string[]; scale: string; text?: string }, options: { tryEmpty?: boolean; expectPii?: boolean } = {}) => {
      const member = await newPerson(browser);
      const page = member.page;
      await signIn(page, DEMO.member(n), DEMO_PASSWORD);
      await visit(page, "/consultations", "Consultations");
      const item = page.getByTestId("consultations-open").getByRole("listitem").filter({ hasText: title });
      await item.getByRole("link", { name: /Answer this consultation/ }).click();
      await expect(page).toHaveURL(new RegExp(`${consultationPath}/answer$`));
      await expectAccessiblePage(page, title);
      if (options.tryEmpty) {
        await page.getByRole("button", { name: "Continue" }).click();
        await expect(page.getByTestId("error-summary")).toContainText("Question 1: choose an answer");
        await expect(page.getByTestId("error-summary")).toContainText("Question 3: choose at least one option");
        await expectAccessiblePage(page, title);
      }
      await question(page, /Should every closure letter name a contact/).getByLabel(answers.q1, { exact: true }).check();
      for (const o of answers.q2) await question(page, /Which updates matter most/).getByLabel(o, { exact: true }).check();
      await question(page, /How much do you agree/).getByLabel(new RegExp(`^${answers.scale}`)).check();
      if (answers.text) await page.getByLabel(/Anything else we should know/).fill(answers.text);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your answers" })).toBeVisible();
      await expect(page.getByTestId("answer-summary")).toContainText(answers.q1);
      if (options.expectPii) await expect(page.getByTestId("pii-warning")).toContainText("07700 900871");
      await expectAccessiblePage(page, "Check your answers");
      await page.getByRole("button", { name: "Send your answers" }).click();
      await expect(page).toHaveURL(new RegExp(`${consultationPath}\\?answered=1`));
      await expect(page.getByText("Your answers have been saved")).toBeVisible();
      await expectAccessiblePage(page, title);
      return member;
    };
    const first = await answerAs(8, { q1: "Yes", q2: ["Arrest"], scale: "5", text: "A name would have saved me weeks of chasing." }, { tryEmpty: true });
    const second = await answerAs(9, { q1: "No", q2: ["Charge", "Court date"], scale: "2", text: "Please ring me on 07700 900871 about this." }, { expectPii: true });
    const third = await answerAs(10, { q1: "Yes", q2: ["Court date"], scale: "4" });
    return { first, second, third };
  });

  await test.step("The first member changes their answers: the form shows what they sent", async () => {
    await visit(first.page, `${consultationPath}/answer`, title);
    await expect(question(first.page, /Should every closure letter/).getByLabel("Yes", { exact: true })).toBeChecked();
    await question(first.page, /Should every closure letter/).getByLabel("Not sure", { exact: true }).check();
    await first.page.getByRole("button", { name: "Continue" }).click();
    await expect(first.page.getByTestId("answer-summary")).toContainText("Not sure");
    await first.page.getByRole("button", { name: "Send your answers" }).click();
    await expect(first.page.getByText("Your answers have been saved")).toBeVisible();
  });

  await test.step("Results stay hidden while open, for members too; staff see only the count", async () => {
    const memberTry = await second.page.goto(`${consultationPath}/results`);
    expect(memberTry?.status()).toBe(403);
    await expectAccessiblePage(second.page);
    await visit(met.page, consultationPath, title);
    await expect(met.page.getByTestId("response-count")).toContainText("3 responses");
    await expect(met.page.getByRole("main")).not.toContainText("Not sure");
    await signOut(met.page);
  });

  const { mod } = await test.step("4. A moderator closes it early, with a reason", async () => {
    const mod = await newPerson(browser);
    await signIn(mod.page, DEMO.moderator, DEMO_PASSWORD);
    await visit(mod.page, consultationPath, title);
    await mod.page.getByText("Close it early").click();
    await mod.page.getByLabel("Why are you closing it early?").fill("Enough members have answered for the proposal's deadline.");
    await mod.page.getByRole("button", { name: "Close the consultation now" }).click();
    await expect(mod.page.getByText("The consultation has been closed. Your reason is recorded.")).toBeVisible();
    await expectAccessiblePage(mod.page, title);
    return { mod };
  });

  await test.step("Answers after closing are refused with a clear message", async () => {
    await visit(third.page, `${consultationPath}/answer`, title);
    await expect(third.page.getByRole("main")).toContainText(/This consultation closed on .+ Answers can no longer be sent or changed\./);
    for (const m of [first, second, third]) await m.context.close();
  });

  await test.step("5. The moderator reviews the written answers in the same queue as posts, without names", async () => {
    await visit(mod.page, "/moderation?kind=consultation-answer", "Review queue");
    const queueItem = (text: string) => mod.page.getByTestId("queue-item").filter({ hasText: text });
    await expect(queueItem("A name would have saved me")).toContainText("Anonymous");
    await expect(queueItem("07700 900871").locator("mark").first()).toContainText("07700 900871");
    await queueItem("A name would have saved me").getByRole("link", { name: /^Review/ }).click();
    await expectAccessiblePage(mod.page, "Review this consultation answer");
    await mod.page.getByTestId("decision-approve").getByRole("button", { name: "Approve" }).click();
    await expect(mod.page.getByText("The answer has been approved.")).toBeVisible();
    await expectAccessiblePage(mod.page, "Review queue");
    await visit(mod.page, "/moderation?kind=consultation-answer", "Review queue");
    await queueItem("07700 900871").getByRole("link", { name: /^Review/ }).click();
    await expect(mod.page.getByTestId("pii-findings")).toContainText("07700 900871");
    await expectAccessiblePage(mod.page, "Review this consultation answer");
    await mod.page.getByText("Redact the text").click();
    await mod.page.getByLabel("Text to publish").fill("Please ring me about this.");
    await mod.page.getByLabel("Redaction note (the author sees this)").fill("We removed a phone number.");
    await mod.page.getByRole("button", { name: "Redact and publish" }).click();
    await expect(mod.page.getByText("The redacted answer has been saved.")).toBeVisible();
  });

  await test.step("6. The moderator publishes the results", async () => {
    await visit(mod.page, consultationPath, title);
    await mod.page.getByRole("button", { name: "Publish the results" }).click();
    await expect(mod.page.getByText("The results are published.")).toBeVisible();
    await expect(mod.page.getByTestId("respondents")).toHaveText("Fewer than 5 people answered, so no figures are shown.");
    await expectAccessiblePage(mod.page, title);
    await signOut(mod.page);
    await mod.context.close();
  });

  await test.step('7. The responder publishes "You said, we did", with an action item', async () => {
    const responder = await newPerson(browser);
    await signIn(responder.page, DEMO.met, DEMO_PASSWORD);
    await visit(responder.page, consultationPath, title);
    await responder.page.getByRole("link", { name: "Publish ‘You said, we did’" }).click();
    await expect(responder.page).toHaveURL(new RegExp(`${consultationPath}/respond$`));
    await expectAccessiblePage(responder.page, "You said, we did");
    await responder.page.getByLabel("Your role, as shown with the response").fill("Reform lead, Victim Care");
    await responder.page.getByLabel("What you told us").fill("Most of you want a named contact in every closure letter, and to hear about court dates.");
    await responder.page.getByLabel("What will change").fill("From next month every closure letter will name a contact and give a direct phone line.");
    await responder.page.getByLabel("What will not change, and why").fill("We will not phone every victim: many of you asked for letters, and we do not have the staff.");
    await responder.page.getByLabel("What will be done").fill("Name a contact in every closure letter");
    const due = londonNow(90 * DAY);
    await responder.page.getByLabel("Day").fill(due.day);
    await responder.page.getByLabel("Month").fill(due.month);
    await responder.page.getByLabel("Year").fill(due.year);
    await responder.page.getByRole("button", { name: "Publish the response" }).click();
    await expect(responder.page).toHaveURL(new RegExp(`${consultationPath}\\?done=responded#you-said-we-did`));
    await expect(responder.page.getByRole("heading", { name: "You said, we did" })).toBeVisible();
    await expectAccessiblePage(responder.page, title);
    await signOut(responder.page);
    await responder.context.close();
  });

  await test.step("8. A signed-out visitor reads the proposal, the results and the response, and downloads the CSV", async () => {
    const visitor = await newPerson(browser);
    const page = visitor.page;
    await visit(page, "/consultations", "Consultations");
    await page.getByTestId("consultations-published").getByRole("link", { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`${consultationPath}$`));
    await expectAccessiblePage(page, title);
    const main = page.getByRole("main");
    await expect(main).toContainText("Every closure letter names a contact and a phone line.");
    await expect(page.getByTestId("respondents")).toHaveText("Fewer than 5 people answered, so no figures are shown.");
    const q1 = page.getByTestId("question-result").filter({ hasText: "Should every closure letter name a contact?" });
    // Three answered: every figure would count fewer than 5 people, so none is drawn or given.
    await expect(q1).toContainText("Fewer than 5 people answered this question, so its figures are not shown.");
    await expect(q1.getByRole("img")).toHaveCount(0);
    await expect(page.getByTestId("small-number-rule")).toContainText("none can be subtracted from another");
    await expect(page.getByTestId("written-answers")).toContainText("A name would have saved me weeks of chasing.");
    await expect(page.getByTestId("written-answers")).toContainText("Please ring me about this.");
    await expect(main).not.toContainText("07700");
    // Nobody's name is anywhere near the answers (members 8, 9 and 10).
    for (const name of ["North Star", "Amber Field", "Cedar Light"]) await expect(main).not.toContainText(name);
    await expect(main).toContainText("fewer than 5 people answered");
    await expect(main).toContainText("From next month every closure letter will name a contact");
    await expect(page.getByTestId("consultation-actions")).toContainText("Name a contact in every closure letter");
    await expect(main).toContainText("Responded on time");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^CSV/ }).first().click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv.split("\n")[0]).toBe("question_number,question,kind,scope,option,count,percent,answered,mean,note");
    expect(csv).toContain("Should every closure letter name a contact?,single,All forums,Yes,,,,,fewer than 5 answered: not shown");
    expect(csv).not.toContain("saved me weeks");
    await visit(page, `${consultationPath}/results`, "Results");
    await visitor.context.close();
  });
});
