// An administrator deletes a staff account that someone has left: on the person's page, after
// entering their own authenticator code (a wrong one first, shown in the error summary). The
// person, signed in elsewhere, is signed out and cannot sign in again; they are gone from the
// people list.
import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRET, fixtures } from "./fixtures";
import { expectAccessiblePage, newPerson, signIn } from "./helpers";
import { totpCode, wrongTotpCode } from "../support/two-factor";

test("the admin deletes a staff account, confirming with their own code", async ({ browser }) => {
  const leaving = fixtures().leavingStaff;

  const staff = await test.step("The responder is signed in on their own device", async () => {
    const staff = await newPerson(browser);
    await signIn(staff.page, leaving.email, leaving.password, { totpSecret: leaving.totpSecret });
    return staff;
  });

  const admin = await test.step("The admin opens the person's page and sees what deleting does", async () => {
    const admin = await newPerson(browser);
    await signIn(admin.page, DEMO.admin, DEMO_PASSWORD);
    await admin.page.goto("/admin/people?role=responder");
    await admin.page.getByTestId("people-table").getByRole("link", { name: leaving.name }).click();
    await expect(admin.page.getByRole("heading", { level: 2, name: "Delete this account" })).toBeVisible();
    await expectAccessiblePage(admin.page, leaving.name);
    return admin;
  });

  await test.step("A wrong code is refused with a clear message, and nothing happens", async () => {
    await admin.page.getByLabel("Your code").fill(wrongTotpCode(DEMO_TOTP_SECRET));
    await admin.page.getByRole("button", { name: "Delete this account" }).click();
    const summary = admin.page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toContainText("The code is not right");
    await expectAccessiblePage(admin.page, leaving.name);
  });

  await test.step("With the code the admin's app shows now, the account is deleted", async () => {
    await admin.page.getByLabel("Your code").fill(totpCode(DEMO_TOTP_SECRET));
    await admin.page.getByRole("button", { name: "Delete this account" }).click();
    await expect(admin.page).toHaveURL(/\/admin\/people\?done=deleted$/);
    await expect(admin.page.getByRole("alert").filter({ hasText: "The account has been deleted" })).toBeVisible();
    await expect(admin.page.getByTestId("people-table")).not.toContainText(leaving.name);
    await expectAccessiblePage(admin.page, "People");
  });

  await test.step("The responder is signed out and cannot sign in again", async () => {
    await staff.page.goto("/respond");
    await expect(staff.page).toHaveURL(/\/login/);
    await staff.page.getByLabel("Email address").fill(leaving.email);
    await staff.page.getByLabel("Password", { exact: true }).fill(leaving.password);
    await staff.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(staff.page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The email address or password is not right");
    await expectAccessiblePage(staff.page, "Sign in");
  });
});
