// Invitation links that cannot be used any more get a clear page of their own (the layout, a
// way on; HTTP 410 Gone for one used or expired, 404 for one that never existed), never an
// error dump, and no form to fill in.
import { expect, test } from "@playwright/test";
import { expectAccessiblePage, newPerson } from "./helpers";
import { fixtures } from "./fixtures";

const cases = [
  { what: "an expired invitation", token: () => fixtures().expiredToken, status: 410, title: "This invitation has expired", says: /Invitations last 14 days/ },
  { what: "an invitation already used", token: () => fixtures().usedToken, status: 410, title: "This invitation has already been used", says: /can be used once/ },
  { what: "an unknown invitation", token: () => "no-such-invitation-token-0123456789abcdef", status: 404, title: "We cannot find this invitation", says: /copied the whole link/ },
];

for (const c of cases) {
  test(`${c.what} gets the page "${c.title}"`, async ({ browser }) => {
    const { context, page } = await newPerson(browser);
    const response = await page.goto(`/join/${c.token()}`);
    expect(response?.status()).toBe(c.status);
    await expectAccessiblePage(page, c.title);
    await expect(page.getByRole("main")).toContainText(c.says);
    await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
    await expect(page.getByLabel("Choose a display name")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Join the forum" })).toHaveCount(0);
    // No stack trace or raw error text leaks onto the page.
    await expect(page.locator("body")).not.toContainText(/Error:|at .*\.(ts|js):\d+/);
    await context.close();
  });
}
