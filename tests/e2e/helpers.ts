// Shared steps for the browser journeys: signing in and out, the accessibility checks every
// visited page gets, and reading the newest email for an address from /admin/outbox.
import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./fixtures";
import { totpCode } from "../support/two-factor";
import { detectPii } from "../../app/utils/pii";

/**
 * A short random tag that makes a journey's text its own (six hex digits), never one the site's
 * identifying-details check would stop: about 1 in 160 such tags reads as a postcode ("e504ff"
 * is E50 4FF), which had held a journey's feedback on the check's warning.
 */
export function journeyTag(): string {
  for (;;) {
    const tag = crypto.randomBytes(3).toString("hex");
    if (detectPii(`(${tag})`).length === 0) return tag;
  }
}

/** WCAG 2.0, 2.1 and 2.2 A and AA rules. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type AxeViolation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describeViolations(url: string, violations: AxeViolation[]): string {
  const lines = [`axe found ${violations.length} accessibility violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(``, `• ${v.id} (${v.impact ?? "no impact given"}): ${v.help}`, `  ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`  - at ${node.target.join(" ")}`);
      lines.push(`    ${node.html.slice(0, 200)}`);
      if (node.failureSummary) lines.push(...node.failureSummary.split("\n").map((l) => `    ${l}`));
    }
    if (v.nodes.length > 5) lines.push(`  … and ${v.nodes.length - 5} more element(s)`);
  }
  return lines.join("\n");
}

/**
 * Scans the page as it is now with axe-core (WCAG 2.2 A/AA) and fails on any violation.
 * Legacy mode runs axe in the page itself: the default opens a blank page in which to combine
 * results from frames, which our pages do not have, and that doubled the cost of every scan.
 * Only violations are collected in full (axe's `resultTypes`, set before the tags: `options()` replaces them): passes are not listed node by
 * node, which changes nothing in what is checked.
 */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  const message = describeViolations(page.url(), results.violations);
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} element(s))`),
    message,
  ).toEqual([]);
}

/**
 * What every page the journeys visit must pass: exactly one h1 (with the text given, when
 * given) and no axe violations.
 */
export async function expectAccessiblePage(page: Page, h1?: string | RegExp) {
  const headings = page.locator("h1");
  if (h1 !== undefined) await expect(headings.first()).toHaveText(h1);
  await expect(headings, `exactly one h1 on ${page.url()}`).toHaveCount(1);
  await expectNoAxeViolations(page);
}

/**
 * expectAccessiblePage for a page whose JavaScript is switched off. axe-core cannot finish in
 * such a page (its run never resolves), so the page is checked for its one h1 where it is, and
 * scanned by axe as a copy in `scanner` (a tab that allows the scanner to run): the same HTML,
 * without its scripts, at the same address (so the same styles load). That is exactly the page a
 * person without JavaScript gets.
 */
export async function expectAccessiblePageWithoutJavaScript(page: Page, scanner: Page, h1?: string | RegExp) {
  const headings = page.locator("h1");
  if (h1 !== undefined) await expect(headings.first()).toHaveText(h1);
  await expect(headings, `exactly one h1 on ${page.url()}`).toHaveCount(1);
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const url = new URL(page.url());
  const address = `${url.origin}${url.pathname}${url.search}`;
  await scanner.goto("about:blank");
  await scanner.route(address, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }), { times: 1 });
  await scanner.goto(page.url());
  await expect(scanner.locator("h1")).toHaveCount(1);
  // The site's styles applied (colour contrast is judged on them): the header is not transparent.
  await expect(scanner.getByRole("banner")).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  await expectNoAxeViolations(scanner);
}

/** Opens a path and checks the answer was a page, not an error. */
export async function visit(page: Page, path: string, h1?: string | RegExp) {
  const response = await page.goto(path);
  expect(response, `a response for ${path}`).not.toBeNull();
  expect(response!.status(), `HTTP status of ${path}`).toBeLessThan(400);
  await expectAccessiblePage(page, h1);
  return response!;
}

/**
 * Signs in on /login and checks the person lands signed in (on /forums unless told). Accounts
 * with two-factor (every demo staff account) are asked for a code next: it is made from
 * `totpSecret` (the demo staff's published secret unless told), as their authenticator app
 * would. The page they land on is checked like every other (one h1, no axe violations);
 * `scanLogin` checks the sign-in pages themselves too.
 */
export async function signIn(
  page: Page,
  email: string,
  password: string,
  options: { landsOn?: RegExp; scanLogin?: boolean; totpSecret?: string } = {},
) {
  await page.goto("/login");
  await expect(page.locator("h1")).toHaveText("Sign in");
  if (options.scanLogin) await expectAccessiblePage(page, "Sign in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  if (new URL(page.url()).pathname === "/login/code") await answerCodeStep(page, options.totpSecret ?? DEMO_TOTP_SECRET, options);
  await expect(page).toHaveURL(options.landsOn ?? /\/forums(\?.*)?$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectAccessiblePage(page);
}

/** A phone, as the My Met Service journeys hold one. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/**
 * Signs in with the demo password through `/login?redirectTo=path` and lands on that page,
 * answering the code step (staff, officers included, use two-factor) with the demo secret.
 */
export async function signInTo(page: Page, email: string, path: string) {
  await page.goto(`/login?redirectTo=${encodeURIComponent(path)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  if (new URL(page.url()).pathname === "/login/code") await answerCodeStep(page, DEMO_TOTP_SECRET);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

/** The second step of signing in: the code the person's authenticator app shows now. */
export async function answerCodeStep(page: Page, totpSecret: string, options: { scanLogin?: boolean } = {}) {
  await expect(page.locator("h1")).toHaveText("Enter the code from your authenticator app");
  if (options.scanLogin) await expectAccessiblePage(page, "Enter the code from your authenticator app");
  await page.getByLabel("Code", { exact: true }).fill(totpCode(totpSecret));
  await page.getByRole("button", { name: "Continue" }).click();
}

/** Signs out with the header's button and checks the person is told so. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expectAccessiblePage(page);
}

/** A fresh, signed-out browser context (its own cookies), as a separate person would have. */
export async function newPerson(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page };
}

/** Waits until govuk-frontend has started the Exit this page component (needs JavaScript). */
export async function waitForExitThisPage(page: Page) {
  await expect(page.locator('[data-module="govuk-exit-this-page"][data-govuk-exit-this-page-init]')).toHaveCount(1);
}

export type OutboxEmail = { subject: string; body: string; url: string | null };

/**
 * Reads the newest email sent to `to` whose subject matches, as an admin would: on `page`
 * (already signed in as the admin) opens /admin/outbox, then the email, and returns its
 * plain-text body and the first link in it, with its origin rewritten to this test run's.
 */
export async function readNewestEmail(page: Page, to: string, subject: RegExp): Promise<OutboxEmail> {
  await visit(page, "/admin/outbox", "Email outbox");
  // The table lists the newest first: the first row to the address with a matching subject.
  const row = page
    .getByTestId("outbox-table")
    .getByRole("row")
    .filter({ hasText: to })
    .filter({ has: page.getByRole("link", { name: subject }) })
    .first();
  await expect(row, `an email to ${to} in /admin/outbox`).toBeVisible();
  const link = row.getByRole("link", { name: subject });
  const subjectText = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL(/\/admin\/outbox\/[^/?#]+$/);
  await expectAccessiblePage(page, subjectText);
  const body = await page.getByTestId("outbox-body").innerText();
  const found = body.match(/https?:\/\/[^\s<>"']+/);
  let url: string | null = null;
  if (found) {
    const link = new URL(found[0]);
    const base = new URL(page.url());
    link.protocol = base.protocol;
    link.host = base.host;
    url = link.toString();
  }
  return { subject: subjectText, body, url };
}

/** The same, in a browser context of its own in which the admin signs in and out. */
export async function readNewestEmailAsAdmin(browser: Browser, to: string, subject: RegExp): Promise<OutboxEmail> {
  const { context, page } = await newPerson(browser);
  try {
    await signIn(page, DEMO.admin, DEMO_PASSWORD);
    const email = await readNewestEmail(page, to, subject);
    await signOut(page);
    return email;
  } finally {
    await context.close();
  }
}
