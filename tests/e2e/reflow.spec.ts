// Phones (WCAG 2.2 1.4.10 Reflow, 2.5.8 Target size): every page each role can reach, at 320 and
// 375 CSS pixels wide, scrolls only up and down — the page itself never scrolls sideways (wide
// tables scroll inside their own region) — and axe finds nothing at 320 px, target size
// included. "Every page" is found, not listed: from each role's start pages the test follows
// every link on the site and visits one page of each kind (a thread, a meeting, an action…:
// addresses that differ only by an id are one kind), so a page added later is checked too.
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { AXE_TAGS, newPerson, signIn } from "./helpers";
import { DEMO, DEMO_PASSWORD } from "./fixtures";

const WIDTHS = [320, 375];
const MAX_PAGES = 60;

/** Addresses that differ only by ids, tokens or query values are one kind of page. */
function kindOf(url: URL) {
  const path = url.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/\/\d{4}-\d{2}(-\d{2})?\b/g, "/:date");
  const query = [...url.searchParams.keys()].sort().join("&");
  return query ? `${path}?${query}` : path;
}

/** Links that are pages to read (not files, not leaving the site, not signing out). */
function isPage(url: URL, origin: string) {
  return (
    url.origin === origin &&
    !/\.(csv|json|atom|ics|pdf|png|svg|txt)$/.test(url.pathname) &&
    !/^\/(logout|api|build|exit)\b/.test(url.pathname) &&
    !/\/(download|export)\b/.test(url.pathname) &&
    !url.pathname.endsWith(".data")
  );
}

async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    // Name the widest elements that stick out, to say what to fix.
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("main *, header *, footer *")) {
      const r = el.getBoundingClientRect();
      if (r.right > root.clientWidth + 1 && el.offsetParent !== null && !el.closest(".vvf-table-scroll, .govuk-table-scroll")) {
        out.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""} (${Math.round(r.right)} px)`);
      }
      if (out.length >= 5) break;
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits: out };
  });
}

/** Visits the pages reachable from `starts` whose kind is not in `seen` yet (and adds them to it). */
async function crawl(page: Page, starts: string[], seen: Set<string>) {
  const origin = new URL(page.url()).origin;
  const kinds: string[] = [];
  const queue = starts.map((s) => new URL(s, origin));
  const problems: string[] = [];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_PAGES) {
    const url = queue.shift()!;
    const kind = kindOf(url);
    if (seen.has(kind)) continue;
    seen.add(kind);
    kinds.push(kind);
    // A link may start a download (a calendar file, "download my data"): not a page.
    const response = await page.goto(url.href).catch((e: Error) => {
      if (/Download is starting/.test(e.message)) return null;
      throw e;
    });
    if (!response || response.status() >= 400) continue;
    // A link may redirect (to sign in, say): judge the page that was shown, once per kind.
    const landed = new URL(page.url());
    if (kindOf(landed) !== kind && seen.has(kindOf(landed))) continue;
    seen.add(kindOf(landed));
    visited++;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 720 });
      const overflow = await sidewaysOverflow(page);
      if (overflow) problems.push(`${landed.pathname}${landed.search} at ${width} px scrolls sideways (${overflow.scrollWidth} > ${overflow.clientWidth}): ${overflow.culprits.join(", ")}`);
    }
    await page.setViewportSize({ width: 320, height: 720 });
    const axe = await new AxeBuilder({ page }).options({ resultTypes: ["violations"], rules: { "target-size": { enabled: true } } }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
    for (const v of axe.violations) problems.push(`${landed.pathname}${landed.search} at 320 px: axe ${v.id} — ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
    const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of links) {
      const next = new URL(href);
      next.hash = "";
      if (isPage(next, origin) && !seen.has(kindOf(next))) queue.push(next);
    }
  }
  return { problems, visited, kinds };
}

const ROLES: { role: string; email?: string; starts: string[] }[] = [
  { role: "signed out", starts: ["/", "/forums/london", "/rights", "/support", "/open-data", "/login", "/forgot-password"] },
  { role: "member", email: DEMO.member(9), starts: ["/forums", "/account", "/notifications", "/threads/new?forum=london"] },
  { role: "moderator", email: DEMO.moderator, starts: ["/moderation", "/admin", "/meetings"] },
  { role: "Met responder", email: DEMO.met, starts: ["/respond", "/responses", "/actions"] },
  { role: "admin", email: DEMO.admin, starts: ["/admin", "/admin/people", "/admin/audit", "/admin/outbox", "/admin/invitations", "/admin/forums"] },
];

// One test, so that a kind of page already checked for one role is not checked again for the
// next (the header each role sees is checked on that role's own pages).
test("no page scrolls sideways at 320 or 375 px, for any role, and axe finds nothing at 320 px", async ({ browser }) => {
  test.setTimeout(900_000);
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { role, email, starts } of ROLES) {
    await test.step(role, async () => {
      const { context, page } = await newPerson(browser, { viewport: { width: 320, height: 720 } });
      if (email) await signIn(page, email, DEMO_PASSWORD);
      else await page.goto("/");
      const found = await crawl(page, starts, seen);
      // The role has pages of its own that no role before it reached.
      expect(found.visited, `${role}: pages visited: ${found.kinds.join(" ")}`).toBeGreaterThan(0);
      test.info().annotations.push({ type: role, description: `${found.visited} pages: ${found.kinds.join(" ")}` });
      problems.push(...found.problems.map((p) => `${role}: ${p}`));
      await context.close();
    });
  }
  // The crawl went well beyond the start pages (the site has about 60 kinds of page).
  expect(seen.size, [...seen].join(" ")).toBeGreaterThan(40);
  expect(problems, problems.join("\n")).toEqual([]);
});
