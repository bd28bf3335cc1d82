// The public reads public threads signed out: the home page lists recent public discussions,
// each forum has a public listing, and members-only threads are never listed, not even by title.
import { expect, test } from "@playwright/test";
import { expectAccessiblePage, newPerson, visit } from "./helpers";

const MEMBERS_ONLY = ["Support at court after domestic abuse", "Still waiting for my phone to be returned", "Family liaison after a bereavement"];
const PUBLIC_THREAD = "Nobody told me my case had been closed";

test("signed out: recent public discussions on the home page, a forum's public listing, a public thread", async ({ browser }) => {
  const { context, page } = await newPerson(browser);

  await test.step("The home page lists recent public discussions and no members-only thread", async () => {
    await visit(page, "/", "Victim Voice Forum");
    const recent = page.getByRole("region", { name: "Recent public discussions" });
    await expect(recent.getByRole("link").first()).toBeVisible();
    for (const title of MEMBERS_ONLY) await expect(page.getByText(title)).toHaveCount(0);
  });

  await test.step("A forum's public listing: public threads only, and a way for members to sign in", async () => {
    await visit(page, "/forums/london", "London Victim Voice Forum");
    await expect(page.getByTestId("public-listing-note")).toContainText("Members also talk in threads only they can read");
    await expect(page.getByRole("heading", { name: "Public threads" })).toBeVisible();
    await expect(page.getByRole("link", { name: PUBLIC_THREAD })).toBeVisible();
    for (const title of MEMBERS_ONLY) await expect(page.getByText(title)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Start a thread" })).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("link", { name: "Members sign in" })).toHaveAttribute("href", "/login");
  });

  await test.step("The public thread opens from the listing", async () => {
    await page.getByRole("link", { name: PUBLIC_THREAD }).click();
    await expect(page).toHaveURL(/\/threads\/[0-9a-f-]{36}$/);
    await expectAccessiblePage(page, PUBLIC_THREAD);
    await expect(page.getByText("Public", { exact: true })).toBeVisible();
  });

  await context.close();
});
