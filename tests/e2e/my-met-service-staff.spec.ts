// My Met Service, what staff see (issue 14, part 4), on the demo data: an officer on a phone
// reads their own figures and approved comments (and the newest officer, with fewer than 5
// answers, a page that waits); the Met's reform lead reads London, the boroughs, the officers
// and the commendations; MOPAC is refused.
import { expect, test } from "@playwright/test";
import { DEMO_OFFICERS } from "../../db/seed-feedback";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { expectAccessiblePage, journeyTag, newPerson, PHONE, signIn, signInTo } from "./helpers";

test("an officer on a phone reads their own figures by month and kind of contact; the newest officer's page waits for 5 answers", async ({ browser }) => {
  test.setTimeout(120_000);
  // officer1 (Havering) has answers every month of the demo.
  const { context, page } = await newPerson(browser, PHONE);
  await signInTo(page, DEMO_OFFICERS[0].email, "/officer");
  await expectAccessiblePage(page, "Feedback from victims");
  await expect(page.getByTestId("officer-place")).toContainText(DEMO_OFFICERS[0].shoulderNumber);
  const count = Number((await page.getByTestId("officer-figures-count").innerText()).replace(/,/g, ""));
  expect(count).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId("officer-figures-mean")).toContainText("out of 5");
  await expect(page.getByRole("img", { name: "How victims rated you" })).toBeVisible();
  const months = page.getByTestId("breakdown-officer-months").getByTestId("figure-row");
  expect(await months.count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByRole("table", { name: "Your ratings by kind of contact" })).toBeVisible();
  // Months, never days: no row is a date.
  await expect(page.getByTestId("breakdown-officer-months")).not.toContainText(/\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)\b/);
  // Nothing scrolls sideways on the phone (wide tables scroll inside their own box).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();

  // officer10: two answers so far.
  const newest = await newPerson(browser, PHONE);
  await signInTo(newest.page, "officer10@demo.vvf.test", "/officer");
  await expectAccessiblePage(newest.page, "Feedback from victims");
  await expect(newest.page.getByTestId("officer-figures-waiting")).toContainText("Fewer than 5 victims have answered so far");
  await expect(newest.page.getByTestId("officer-figures")).toHaveCount(0);
  await newest.context.close();
});

test("the Met's reform lead sees London, every borough and officer and the commendations; MOPAC is refused", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newPerson(browser);
  await signIn(page, DEMO.met, DEMO_PASSWORD);
  await page.getByRole("link", { name: "Feedback figures" }).click();
  await expect(page).toHaveURL(/\/respond\/feedback$/);
  await expectAccessiblePage(page, "Feedback from victims");
  expect(Number((await page.getByTestId("london-figures-count").innerText()).replace(/,/g, ""))).toBeGreaterThanOrEqual(250);
  const boroughs = page.getByRole("table", { name: "Ratings by borough" });
  for (const name of ["Havering", "Barking and Dagenham", "Tower Hamlets"]) await expect(boroughs.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  const officers = page.getByRole("table", { name: "Ratings by officer (shoulder number and name)" });
  await expect(officers.getByRole("row").filter({ hasText: `${DEMO_OFFICERS[0].shoulderNumber} ${DEMO_OFFICERS[0].name}` })).toHaveCount(1);
  // The newest officers' few ratings read "not shown".
  await expect(officers.getByRole("row").filter({ hasText: "not shown" }).first()).toBeVisible();
  const commendations = page.getByTestId("commendation");
  expect(await commendations.count()).toBeGreaterThan(0);
  await expect(commendations.first()).toContainText(/rated [45] out of 5/);
  await context.close();

  const mopac = await newPerson(browser);
  await signIn(mopac.page, DEMO.mopac, DEMO_PASSWORD);
  await expect(mopac.page.getByRole("link", { name: "Feedback figures" })).toHaveCount(0);
  const refused = await mopac.page.goto("/respond/feedback");
  expect(refused!.status()).toBe(403);
  await expect(mopac.page.getByText("Officers in")).toHaveCount(0);
  await expect(mopac.page.getByText(DEMO_OFFICERS[0].shoulderNumber)).toHaveCount(0);
  await mopac.context.close();
});

test("a moderator approves a victim's praise for recognition, and the Met's reform lead finds it among the commendations", async ({ browser }) => {
  test.setTimeout(180_000);
  // officer28 (Tower Hamlets, one of its newest) belongs to this journey alone.
  const officer = DEMO_OFFICERS.find((o) => o.email === "officer28@demo.vvf.test")!;
  const run = journeyTag();
  const praise = `She explained every step and called back the next day as promised (${run}).`;
  const phone = await newPerson(browser, PHONE);
  await signInTo(phone.page, officer.email, "/officer/feedback/new");
  await phone.page.getByLabel("Gave an update").check();
  await phone.page.getByLabel("Show a QR code on this phone").check();
  await phone.page.getByRole("button", { name: "Get the link" }).click();
  const url = (await phone.page.getByTestId("feedback-url").innerText()).trim();
  await phone.context.close();

  const victim = await newPerson(browser, { ...PHONE, javaScriptEnabled: false });
  const v = victim.page;
  await v.goto(new URL(url).pathname);
  await v.getByRole("group", { name: "How well did the officer treat you?" }).getByLabel("5 – Very well").check();
  await v.getByRole("group", { name: "Did the officer keep you informed?" }).getByLabel("Yes").check();
  await v.getByRole("group", { name: "Did the officer treat you with respect?" }).getByLabel("Yes").check();
  await v.getByRole("group", { name: "Did the officer tell you about your rights as a victim?" }).getByLabel("Yes").check();
  await v.getByLabel(/Is there anything else/).fill(praise);
  await v.getByRole("button", { name: "Send my feedback" }).click();
  await expect(v).toHaveURL(/\/feedback\/thanks$/);
  await victim.context.close();

  const mod = await newPerson(browser);
  await signIn(mod.page, DEMO.moderator, DEMO_PASSWORD);
  await mod.page.goto("/moderation/feedback");
  const item = mod.page.getByTestId("feedback-comment").filter({ hasText: run });
  await expect(item).toContainText("Tower Hamlets, rated 5 out of 5");
  await item.getByRole("button", { name: /^Approve for recognition/ }).click();
  await expect(mod.page.getByText("The comment has been approved for recognition.")).toBeVisible();
  await expectAccessiblePage(mod.page, "Feedback comments");
  await mod.context.close();

  const met = await newPerson(browser);
  await signIn(met.page, DEMO.met, DEMO_PASSWORD);
  await met.page.goto("/respond/feedback");
  // One current page in the header: "Feedback figures", not also "Respond" above it.
  await expect(met.page.locator('header [aria-current="page"]')).toHaveText(["Feedback figures"]);
  const commendation = met.page.getByTestId("commendation").filter({ hasText: run });
  await expect(commendation).toContainText(`${officer.shoulderNumber} ${officer.name}`);
  await expect(commendation).toContainText("Tower Hamlets");
  await expect(commendation).toContainText("rated 5 out of 5");
  await expectAccessiblePage(met.page, "Feedback from victims");
  await met.context.close();
});
