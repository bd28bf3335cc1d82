// The admin makes a member a moderator: the change is confirmed, recorded in the audit log
// with its reason, and from their next page on the person is asked to set up two-factor
// authentication (staff must have it), after which they see the staff pages.
import { expect, test } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, signOut } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";
import { totpCode } from "../support/two-factor";

const PERSON = { name: "Meadow Lark", email: DEMO.member(12) };

test("the admin changes a member's role to moderator", async ({ browser }) => {
  const reason = `Agreed at the facilitators' meeting (${Date.now().toString(36)})`;

  const { member } = await test.step("Before: the member has no staff pages", async () => {
    const member = await newPerson(browser);
    await signIn(member.page, PERSON.email, DEMO_PASSWORD);
    await expect(member.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^(Manage|Admin)$/ })).toHaveCount(0);
    const refused = await member.page.goto("/admin/people");
    expect(refused?.status()).toBe(403);
    await expectAccessiblePage(member.page);
    return { member };
  });

  const { admin, personPath } = await test.step("The admin finds the person and changes the role", async () => {
    const admin = await newPerson(browser);
    await signIn(admin.page, DEMO.admin, DEMO_PASSWORD);
    await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin", exact: true }).click();
    await expect(admin.page).toHaveURL(/\/admin$/);
    // The overview says which database runs the site: here the embedded one, in its folder, not fsynced.
    await expect(admin.page.getByTestId("running-database")).toContainText(/The embedded database \(PGlite\), in \S+data/);
    await expect(admin.page.getByTestId("running-database")).toContainText("not fsynced");
    await expectAccessiblePage(admin.page);
    await admin.page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "People" }).click();
    await expect(admin.page).toHaveURL(/\/admin\/people$/);
    await expectAccessiblePage(admin.page, "People");
    const personRow = admin.page.getByTestId("people-table").getByRole("row").filter({ hasText: PERSON.name });
    await expect(personRow).toContainText("Member");
    await expect(personRow).toContainText(PERSON.email);
    await personRow.getByRole("link", { name: PERSON.name }).click();
    await expect(admin.page).toHaveURL(/\/admin\/people\/[^/?#]+$/);
    const personPath = new URL(admin.page.url()).pathname;
    await expectAccessiblePage(admin.page, PERSON.name);

    await admin.page.getByLabel("Role", { exact: true }).selectOption("moderator");
    await admin.page.getByLabel(/^Reason/).first().fill(reason);
    await admin.page.getByRole("button", { name: "Change role" }).click();
    await expect(admin.page.getByRole("alert").filter({ hasText: "The role has been changed" })).toBeVisible();
    await expect(admin.page.locator(".govuk-summary-list")).toContainText("Moderator");
    await expectAccessiblePage(admin.page, PERSON.name);
    return { admin, personPath };
  });

  await test.step("The audit log shows who changed what, on whom, and why", async () => {
    await admin.page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Audit log" }).click();
    await expect(admin.page).toHaveURL(/\/admin\/audit$/);
    await expectAccessiblePage(admin.page, "Audit log");
    const entry = admin.page.getByTestId("audit-table").getByRole("row").filter({ hasText: "user.role-change" }).filter({ hasText: reason });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText("Site Admin");
    await expect(entry.getByRole("link")).toHaveAttribute("href", personPath);
    // Filtering by the action finds it too.
    await admin.page.getByLabel("Action").selectOption("user.role-change");
    await admin.page.getByRole("button", { name: "Filter the log" }).click();
    await expect(admin.page).toHaveURL(/action=user\.role-change/);
    await expect(admin.page.getByTestId("audit-table").getByRole("row").filter({ hasText: reason })).toHaveCount(1);
    await expectAccessiblePage(admin.page, "Audit log");
    await signOut(admin.page);
    await admin.context.close();
  });

  await test.step("After: the person's next page asks them to set up two-factor, then they have the staff pages", async () => {
    await member.page.goto("/forums");
    await expect(member.page).toHaveURL(/\/account\/two-factor\?redirectTo=%2Fforums$/);
    await expectAccessiblePage(member.page, "Set up two-factor authentication");
    await member.page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await member.page.getByRole("button", { name: "Continue" }).click();
    const secretKey = (await member.page.getByTestId("two-factor-secret").innerText()).trim();
    await expectAccessiblePage(member.page, "Set up two-factor authentication");
    await member.page.getByLabel("Code from your authenticator app").fill(totpCode(secretKey));
    await member.page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await expect(member.page.getByRole("alert").filter({ hasText: "Two-factor authentication is on" })).toBeVisible();
    await member.page.getByRole("link", { name: "Continue to the forum" }).click();
    await expect(member.page).toHaveURL(/\/forums$/);
    await expectAccessiblePage(member.page, "Your forums");
    const manage = member.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Manage" });
    await expect(manage).toBeVisible();
    await manage.click();
    await expect(member.page).toHaveURL(/\/admin$/);
    await expectAccessiblePage(member.page);
    await member.page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "People" }).click();
    await expect(member.page).toHaveURL(/\/admin\/people$/);
    await expectAccessiblePage(member.page, "People");
    // Moderators see display names, never email addresses.
    await expect(member.page.getByTestId("people-table")).not.toContainText("@demo.vvf.test");
    await signOut(member.page);
    await member.context.close();
  });
});
