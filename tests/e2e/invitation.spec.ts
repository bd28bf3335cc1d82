// The way in: the admin invites someone to one forum; the invitee follows the link in the
// email (read from /admin/outbox, as on the demo site), chooses a display name and password,
// lands signed in and sees only that forum; signs out and back in; the link cannot be used
// again. On the way, a display name that is an email address is refused, the typed name kept.
import { expect, test } from "@playwright/test";
import { expectAccessiblePage, journeyTag, newPerson, readNewestEmail, signIn, signOut, visit } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const INVITED_FORUM = "London Victim Voice Forum";
const OTHER_FORUM = "Victim Voice Forum for London's Black Communities";

test("invitation → join → sign out → sign in; the link works once", async ({ browser }) => {
  const suffix = journeyTag();
  const inviteeEmail = `invitee-${suffix}@example.test`;
  const displayName = `Kestrel ${suffix.replace(/\d/g, "x")}`;
  const password = "a long walk by the river";

  const { admin } = await test.step("The admin invites a new member to the London forum", async () => {
    const admin = await newPerson(browser);
    await signIn(admin.page, DEMO.admin, DEMO_PASSWORD);
    await visit(admin.page, "/admin/invitations", "Invitations");
    await admin.page.getByLabel("Email address").fill(inviteeEmail);
    await admin.page.getByLabel("Role", { exact: true }).selectOption({ label: "Member" });
    await admin.page.getByRole("checkbox", { name: INVITED_FORUM, exact: true }).check();
    await expect(admin.page.getByRole("checkbox", { name: OTHER_FORUM, exact: true })).not.toBeChecked();
    await admin.page.getByRole("button", { name: "Send invitation" }).click();
    await expect(admin.page.getByText(`Invitation sent to ${inviteeEmail}`)).toBeVisible();
    const sentRow = admin.page.getByTestId("invitations-table").getByRole("row").filter({ hasText: inviteeEmail });
    await expect(sentRow).toContainText("Waiting");
    await expect(sentRow).toContainText(INVITED_FORUM);
    await expectAccessiblePage(admin.page, "Invitations");
    return { admin };
  });

  const { joinUrl } = await test.step("The admin reads the invitation email in the outbox, then signs out", async () => {
    const email = await readNewestEmail(admin.page, inviteeEmail, /invitation/i);
    expect(email.body).toContain(INVITED_FORUM);
    expect(email.url, "the invitation email has a link").toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
    const joinUrl = email.url!;
    await signOut(admin.page);
    await admin.context.close();
    return { joinUrl };
  });

  const { invitee, page } = await test.step("The invitee, in a browser of their own, follows the link", async () => {
    const invitee = await newPerson(browser);
    const page = invitee.page;
    await visit(page, joinUrl, "Join the Victim Voice Forum");
    await expect(page.getByRole("main")).toContainText(INVITED_FORUM);
    await expect(page.getByRole("main")).not.toContainText(OTHER_FORUM);
    return { invitee, page };
  });

  const { nameField } = await test.step("An email address is not a display name: refused, summarised, linked, the name kept", async () => {
    await page.getByLabel("Choose a display name").fill(inviteeEmail);
    await page.getByLabel("Create a password").fill(password);
    await page.getByLabel("Confirm your password").fill(password);
    await page.getByRole("button", { name: "Join the forum" }).click();
    const summary = page.getByTestId("error-summary");
    await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    const nameField = page.getByLabel("Choose a display name");
    const errorLink = summary.getByRole("link", { name: "Display name must not be an email address" });
    await expect(errorLink).toHaveAttribute("href", `#${await nameField.getAttribute("id")}`);
    const fieldError = page.locator(`#${await nameField.getAttribute("id")}-error`);
    await expect(fieldError).toContainText((await errorLink.innerText()).trim());
    await expect(nameField).toHaveAttribute("aria-invalid", "true");
    await expect(nameField).toHaveValue(inviteeEmail);
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await expectAccessiblePage(page, "Join the Victim Voice Forum");
    await errorLink.click();
    await expect(nameField).toBeFocused();
    return { nameField };
  });

  await test.step("A proper pseudonym: the invitee joins and lands signed in on their forums", async () => {
    await nameField.fill(displayName);
    await page.getByLabel("Create a password").fill(password);
    await page.getByLabel("Confirm your password").fill(password);
    await page.getByRole("button", { name: "Join the forum" }).click();
    await expect(page).toHaveURL(/\/forums$/);
    await expectAccessiblePage(page, "Your forums");
    await expect(page.getByRole("alert")).toContainText(`Welcome to the Victim Voice Forum. You have joined ${INVITED_FORUM}`);
    await expect(page.getByRole("navigation", { name: "Your account" })).toContainText(displayName);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("link", { name: INVITED_FORUM })).toBeVisible();
    await expect(page.getByText(OTHER_FORUM)).toHaveCount(0);
  });

  await test.step("Their forum opens; the other one is not shown to exist", async () => {
    await page.getByRole("link", { name: INVITED_FORUM }).click();
    await expect(page).toHaveURL(/\/forums\/london$/);
    await expectAccessiblePage(page, INVITED_FORUM);
    const other = await page.goto("/forums/black-communities");
    expect(other?.status()).toBe(404);
    await expectAccessiblePage(page);
    await expect(page.getByText(OTHER_FORUM)).toHaveCount(0);
  });

  await test.step("Sign out, then back in with the new account", async () => {
    await page.goto("/forums");
    // The welcome was said once: it is not repeated on the next visit.
    await expect(page.getByText("Welcome to the Victim Voice Forum")).toHaveCount(0);
    await signOut(page);
    await signIn(page, inviteeEmail, password, { scanLogin: true });
    await expect(page.locator("h1")).toHaveText("Your forums");
    await expect(page.getByRole("link", { name: INVITED_FORUM })).toBeVisible();
    await expect(page.getByText(OTHER_FORUM)).toHaveCount(0);
    await signOut(page);
  });

  await test.step("The link has done its job: using it again gets a clear page, not the form", async () => {
    const again = await page.goto(joinUrl);
    expect(again?.status()).toBe(410);
    await expectAccessiblePage(page, "This invitation has already been used");
    await expect(page.getByLabel("Choose a display name")).toHaveCount(0);
    await invitee.context.close();
  });
});
