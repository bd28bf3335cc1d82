// Exit this page (GOV.UK Design System): always visible; the button, or Shift pressed three
// times, covers the page at once and replaces it with a neutral site; without JavaScript the
// button is a plain link to that site. The machine has no internet, so the neutral site
// (EXIT_PAGE_URL, by default BBC Weather) is answered by the test.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { expectAccessiblePage, newPerson, signIn, visit, waitForExitThisPage } from "./helpers";
import { fixtures } from "./fixtures";

const NEUTRAL_URL = "https://www.bbc.co.uk/weather";
const NEUTRAL_PAGE = "<!doctype html><html lang=en><title>BBC Weather</title><h1>Weather</h1></html>";

async function serveNeutralSite(context: BrowserContext, gate?: Promise<void>) {
  await context.route("https://www.bbc.co.uk/**", async (route) => {
    if (gate) await gate;
    await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: NEUTRAL_PAGE });
  });
}

function exitButton(page: Page) {
  return page.getByRole("button", { name: /Emergency.*Exit this page/ });
}

async function expectOnNeutralSite(page: Page) {
  await expect(page).toHaveURL(NEUTRAL_URL);
  await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
}

const pages = ["/", "/login", "/rights", "/support", "/forgot-password"];

test("the button is on every page and takes the person to the neutral site", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await serveNeutralSite(context);
  for (const path of pages) {
    await visit(page, path);
    await expect(exitButton(page)).toBeVisible();
    await expect(exitButton(page)).toHaveAttribute("href", NEUTRAL_URL);
    await waitForExitThisPage(page);
    await exitButton(page).click();
    await expectOnNeutralSite(page);
  }
  await context.close();
});

test("signed in, the button is there too and leaves the forum", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await serveNeutralSite(context);
  const { reader } = fixtures();
  await signIn(page, reader.email, reader.password);
  await expect(page.locator("h1")).toHaveText("Your forums");
  await expect(exitButton(page)).toBeVisible();
  await waitForExitThisPage(page);
  await exitButton(page).click();
  await expectOnNeutralSite(page);
  await context.close();
});

test("pressing Shift three times leaves the page", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await serveNeutralSite(context);
  for (const path of ["/rights", "/login"]) {
    await visit(page, path);
    await waitForExitThisPage(page);
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await expectOnNeutralSite(page);
  }
  await context.close();
});

type Cover = { overlayText: string; coversViewport: boolean; mainHidden: boolean; bodyHidden: boolean };

const COVER_MARK = "[e2e] cover seen:";

/**
 * Reports, from inside the page, the moment the cover appears. Locators cannot be used here:
 * while the neutral site is loading, Playwright waits for that navigation before looking, so
 * a script added before the page loads watches for the overlay and tells the test through
 * the console. Call before opening the page.
 */
async function watchForCover(page: Page): Promise<{ covered: Promise<Cover> }> {
  const covered = new Promise<Cover>((resolve) => {
    page.on("console", (message) => {
      const text = message.text();
      if (text.startsWith(COVER_MARK)) resolve(JSON.parse(text.slice(COVER_MARK.length)) as Cover);
    });
  });
  await page.addInitScript((mark: string) => {
    const watch = () => {
      const observer = new MutationObserver(() => {
        const overlay = document.querySelector<HTMLElement>(".govuk-exit-this-page-overlay");
        if (!overlay) return;
        observer.disconnect();
        const box = overlay.getBoundingClientRect();
        const main = document.querySelector("main");
        const cover = {
          overlayText: overlay.textContent ?? "",
          coversViewport: getComputedStyle(overlay).display !== "none" && box.width >= window.innerWidth && box.height >= window.innerHeight,
          mainHidden: !main || getComputedStyle(main).display === "none",
          bodyHidden: document.body.classList.contains("govuk-exit-this-page-hide-content"),
        };
        console.log(mark + JSON.stringify(cover));
      });
      observer.observe(document.body, { childList: true });
    };
    if (document.body) watch();
    else document.addEventListener("DOMContentLoaded", watch);
  }, COVER_MARK);
  // Wrapped: an async function returning a bare promise would wait for it.
  return { covered };
}

async function expectCovered(cover: { covered: Promise<Cover> }) {
  const seen = await cover.covered;
  expect(seen.coversViewport, "the overlay covers the whole window").toBe(true);
  expect(seen.bodyHidden, "the page's content is hidden").toBe(true);
  expect(seen.mainHidden, "the main content is hidden").toBe(true);
  // govuk-frontend's overlay says "Loading." while the neutral site loads.
  expect(seen.overlayText.trim()).not.toBe("");
}

test("the page is covered at once, before the neutral site has loaded", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await serveNeutralSite(context, gate);
  const cover = await watchForCover(page);
  await visit(page, "/support");
  await waitForExitThisPage(page);

  // A real pointer click (page.mouse does not wait for the navigation it starts).
  const box = await exitButton(page).boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
  try {
    await expectCovered(cover);
    expect(page.url()).not.toBe(NEUTRAL_URL);
  } finally {
    release();
  }
  await expectOnNeutralSite(page);
  await context.close();
});

test("the Shift shortcut covers the page at once too", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await serveNeutralSite(context, gate);
  const cover = await watchForCover(page);
  await visit(page, "/");
  await waitForExitThisPage(page);
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  try {
    await expectCovered(cover);
  } finally {
    release();
  }
  await expectOnNeutralSite(page);
  await context.close();
});

test("without JavaScript the button is a plain link to the neutral site", async ({ browser }) => {
  const { context, page } = await newPerson(browser, { javaScriptEnabled: false });
  await serveNeutralSite(context);
  for (const path of ["/", "/rights"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const button = exitButton(page);
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute("href", NEUTRAL_URL);
    expect(await button.evaluate((el) => el.tagName)).toBe("A");
    await button.click();
    await expectOnNeutralSite(page);
  }
  await context.close();
});

// Signed-out public pages may come from the server's short page cache, sent with a policy that
// allows their inline scripts by hash instead of a nonce. The page must still come alive.
test("a page sent from the signed-out page cache still runs its scripts", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await serveNeutralSite(context);
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await visit(page, "/support");
  let cached = "";
  for (let i = 0; i < 5 && cached !== "hit"; i++) {
    const response = await page.reload();
    cached = (await response?.headerValue("x-page-cache")) ?? "";
  }
  expect(cached, "the page came from the page cache").toBe("hit");
  await expectAccessiblePage(page);
  await waitForExitThisPage(page);
  expect(refused, "no script was refused by the page's Content-Security-Policy").toEqual([]);
  await exitButton(page).click();
  await expectOnNeutralSite(page);
  await context.close();
});

test("Shift pressed three times leaves even before the page's scripts have loaded", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await serveNeutralSite(context);
  // The page's JavaScript never arrives (a slow phone, a bad connection): only the HTML and its
  // stylesheet are here.
  await context.route(/\/build\/.*\.js(\?.*)?$/, () => new Promise(() => {}));
  await page.goto("/support", { waitUntil: "commit" });
  await expect(page.locator("h1")).toHaveText("Support services and staying safe online");
  expect(await page.evaluate(() => "vvfExitReady" in window), "govuk-frontend has not started").toBe(false);
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  await expectOnNeutralSite(page);
  await context.close();
});

test("Exit this page is the next Tab stop after the skip link, signed in as well as out", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  const { reader } = fixtures();
  for (const signedIn of [false, true]) {
    if (signedIn) await signIn(page, reader.email, reader.password);
    await visit(page, "/rights");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(exitButton(page)).toBeFocused();
  }
  await context.close();
});
