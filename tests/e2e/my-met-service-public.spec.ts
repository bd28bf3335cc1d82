// My Met Service in public: a signed-out reader, on a desktop and on a phone, sees how victims
// rated officers in each pilot borough this month (table and chart, every count 0 or at least 5),
// moves to an earlier month whose report awaits the Met's response on its clock, and downloads
// the same figures as open data. Read-only: the demo's figures, whatever other journeys add.
import { expect, test } from "@playwright/test";
import { expectAccessiblePage, newPerson, visit } from "./helpers";

const H1 = /^What victims say about the officers they met: \w+ \d{4}$/;

test("a signed-out reader sees the borough figures, an earlier month's report on its clock, and the open data", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newPerson(browser);

  await test.step("the figures by borough, reached from the footer", async () => {
    await visit(page, "/support");
    await page.getByRole("link", { name: "How victims rate officers (My Met Service)" }).click();
    await expectAccessiblePage(page, H1);
    const table = page.getByTestId("boroughs-contacts");
    await expect(table.getByRole("row", { name: /^London \(all boroughs\)/ })).toBeVisible();
    // Every pilot borough is listed; the demo's figures show, and what is shown is never 1 to 4.
    const havering = table.getByRole("row", { name: /^Havering/ });
    await expect(havering).toBeVisible();
    const cells = await table.locator("tbody td").allInnerTexts();
    const numbers = cells.filter((c) => /^\d[\d,]*$/.test(c.trim())).map((c) => Number(c.replace(/,/g, "")));
    expect(numbers.length).toBeGreaterThan(10);
    for (const n of numbers) expect(n === 0 || n >= 5, `a shown count of ${n}`).toBe(true);
    // The chart is one image named by its title, its bars read out in its description.
    await expect(page.getByRole("img", { name: /^After a contact with an officer: mean rating by borough/ })).toBeVisible();
  });

  await test.step("an earlier month: its report awaits the Met's response, with the clock", async () => {
    const months = page.getByRole("navigation", { name: "Months" });
    const earlier = months.getByRole("link").first();
    const label = (await earlier.innerText()).trim();
    await earlier.click();
    await expectAccessiblePage(page, `What victims say about the officers they met: ${label}`);
    const state = page.getByTestId("report-state");
    await expect(state).toContainText(/Awaiting a response from the Metropolitan Police\. Due \d+ \w+ \d{4}\.|The Metropolitan Police responded on/);
    await expect(state).toContainText(/working days? left|Overdue by \d+ days?|Due today|responded/);
  });

  await test.step("the month in progress shows no figure, only when its figures will be published", async () => {
    const thisMonth = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit" }).format(new Date());
    await page.goto(`/my-met-service/${thisMonth}`);
    await expect(page.getByTestId("no-figures")).toContainText(/will be published on \d{1,2} \w+ \d{4}\./);
    await expect(page.getByTestId("boroughs-contacts")).toHaveCount(0);
    await expectAccessiblePage(page);
  });

  await test.step("the same figures as open data", async () => {
    const csv = await page.request.get("/open-data/feedback.csv");
    expect(csv.status()).toBe(200);
    const body = await csv.text();
    expect(body.split("\n")[0]).toBe("month,group,place,borough,ratings,rated_5,rated_4,rated_3,rated_2,rated_1,mean,contacts_asked,led_to_feedback_percent,note");
    expect(body).toContain(",after-contact,Havering,havering,");
    await visit(page, "/open-data", "Open data");
    await expect(page.locator("#feedback")).toBeVisible();
  });
  await context.close();

  await test.step("on a 320 px phone, nothing scrolls sideways but the tables' own scroll", async () => {
    const phone = await newPerson(browser, { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    await visit(phone.page, "/my-met-service", H1);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await phone.context.close();
  });
});
