// Public accountability, in the browser: a signed-out visitor follows an official response from
// the home page to the thing it answers, reaches the accountability figures and the records
// behind one, and downloads the data as CSV; a member sees what awaits them on the home page.
// Every page visited is scanned with axe (expectAccessiblePage).
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { expectAccessiblePage, newPerson, signIn, visit } from "./helpers";

async function downloadFrom(page: Page, linkName: RegExp) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).first().click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, "utf8") };
}

test("a signed-out visitor follows a response to what it answers, checks the figures and downloads them", async ({ browser }) => {
  const { context, page } = await newPerson(browser, { acceptDownloads: true });

  const { first, answered } = await test.step("The home page: what the forum is, the headline figures and the latest official responses", async () => {
    await visit(page, "/", "Victim Voice Forum");
    await expect(page.getByTestId("headline-figures").getByRole("link")).toHaveCount(3);
    const latest = page.getByRole("region", { name: "Latest official responses" });
    // The demo's Met response to a public thread (db/seed-threads.ts); consultations' responses
    // are listed here too.
    const first = latest.getByTestId("response-summary").filter({ hasText: "Nobody told me my case had been closed" }).first();
    await expect(first).toContainText("Metropolitan Police");
    const heading = (await first.getByRole("link").first().innerText()).trim();
    const answered = heading.replace(/^Metropolitan Police responded: /, "");
    return { first, answered };
  });

  await test.step("The response: who answered, when, whether on time, and what it answers", async () => {
    await first.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/responses\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(page, answered);
    await expect(page.getByTestId("timeliness")).toContainText(/On time|Late/);
    await expect(page.getByText("Reform lead, Victim Care").first()).toBeVisible();
  });

  await test.step("The thing it answers: the public thread, with the same response on it", async () => {
    await page.getByRole("link", { name: "Read the discussion" }).click();
    await expect(page).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(page, answered);
    await expect(page.getByRole("region", { name: "Official responses" })).toBeVisible();
  });

  await test.step("All responses, then the accountability figures from the header", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Responses" }).click();
    await expect(page).toHaveURL(/\/responses$/);
    await expectAccessiblePage(page, "Official responses");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accountability" }).click();
    await expect(page).toHaveURL(/\/accountability$/);
    await expectAccessiblePage(page, "Are the Met and MOPAC keeping their promises?");
    await expect(page.getByRole("img", { name: /Share of items answered by their due date/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "How the figures are worked out" })).toBeVisible();
  });

  await test.step("Actions: bars by status only; overdue said in words as part of open and in progress", async () => {
    const chart = page.getByTestId("chart-actions");
    await expect(chart).toBeVisible();
    await expect(chart.locator(".vvf-bar-chart__name").filter({ hasText: /^Overdue$/ })).toHaveCount(0);
    await expect(page.getByTestId("actions-overdue")).toContainText(/Metropolitan Police: \d+ overdue, of \d+ actions? open or in progress/);
    // The quarters are folded away; opened, they are one table, still scanned clean.
    const byQuarter = page.getByTestId("responses-by-quarter");
    await expect(byQuarter).toBeHidden();
    await page.getByText("Official responses by quarter").click();
    await expect(byQuarter).toBeVisible();
    await expectAccessiblePage(page, "Are the Met and MOPAC keeping their promises?");
  });

  await test.step("A figure leads to the records it counts: as many rows as the figure says", async () => {
    const dueCell = page.getByTestId("responses-table").locator('tr[data-organisation="met"][data-quarter="all"] td[data-measure="due"] a');
    const due = Number((await dueCell.innerText()).trim());
    await dueCell.click();
    await expect(page).toHaveURL(/\/accountability\/items\?org=met&measure=due$/);
    await expectAccessiblePage(page, "Items due");
    await expect(page.getByTestId("item-row")).toHaveCount(due);
    await page.getByRole("link", { name: "Back to the accountability figures" }).click();
    await expect(page).toHaveURL(/\/accountability$/);
  });

  await test.step("The figures as CSV: the same columns as the data dictionary", async () => {
    const figures = await downloadFrom(page, /These figures as CSV/);
    expect(figures.name).toBe("victim-voice-forum-accountability.csv");
    expect(figures.text.split("\n")[0]).toBe(
      "organisation,quarter,items_due,answered_on_time,answered_late,awaiting_response,overdue,not_yet_due,share_answered_on_time,median_days_to_respond,actions,actions_open,actions_in_progress,actions_done,actions_not_doing,actions_overdue,median_days_to_complete",
    );
    expect(figures.text).toMatch(/\nmet,all,\d+,/);
  });

  await test.step("Open data: every response as CSV, including the one the visitor read", async () => {
    await page.getByRole("contentinfo").getByRole("link", { name: "Open data and feeds" }).click();
    await expect(page).toHaveURL(/\/open-data$/);
    await expectAccessiblePage(page, "Open data");
    const responses = await downloadFrom(page, /^responses\.csv/);
    expect(responses.text.split("\n")[0]).toMatch(/^response_id,kind,target_id,answers,/);
    expect(responses.text).toContain(answered);
    await context.close();
  });
});

test("a member sees what awaits them on the home page", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await signIn(page, DEMO.member(5), DEMO_PASSWORD);

  // Something of their own that awaits the moderators.
  const title = `Letters about court dates ${Date.now().toString(36)}`;
  await visit(page, "/threads/new", "Start a thread");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your post").fill("I was never told when my court date moved, and I found out from a neighbour instead.");
  await page.getByRole("button", { name: "Send to moderators" }).click();
  await expect(page).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
  await expectAccessiblePage(page, title);

  await page.getByRole("link", { name: "Victim Voice Forum", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expectAccessiblePage(page, "Victim Voice Forum");
  const toDo = page.getByTestId("todo");
  await expect(toDo.getByRole("heading", { name: "What awaits you" })).toBeVisible();
  await expect(toDo.getByRole("link", { name: `Your thread “${title}”` })).toBeVisible();
  await expect(toDo).toContainText("awaiting moderation since");
  await expect(page.getByRole("heading", { name: "Next meetings" })).toBeVisible();

  // Nobody else sees it: signed out, the home page has no to-do list.
  const other = await newPerson(browser);
  await visit(other.page, "/", "Victim Voice Forum");
  await expect(other.page.getByTestId("todo")).toHaveCount(0);
  await expect(other.page.getByText(title)).toHaveCount(0);
  await other.context.close();
  await context.close();
});
