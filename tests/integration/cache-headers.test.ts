// Cache headers from the real server (app/server.ts after `npm run build`): public pages, feeds
// and downloads may be kept by a shared cache when nobody is signed in; the same address asked
// with a session cookie is private and never stored; members-only and personalised pages are
// never publicly cacheable. The public pages' HTML, as served, holds nothing members-only.
import crypto from "node:crypto";
import { useTestDatabase } from "../db";
import { signIn, useTestServer } from "../support/server";
import { makeAccountabilityFixture, SECRETS, type AccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

const server = useTestServer();
let fx: AccountabilityFixture;

beforeEach(async () => {
  fx = await makeAccountabilityFixture();
});

async function get(path: string, cookie?: string) {
  const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: response.status, cacheControl: response.headers.get("cache-control") ?? "", vary: response.headers.get("vary") ?? "", body: await response.text() };
}

const SHARED_CACHEABLE = /^public, max-age=\d+/;
const isPublic = (cacheControl: string) => /\bpublic\b/.test(cacheControl) || (/\bs-maxage=/.test(cacheControl) && !/\bprivate\b/.test(cacheControl));

function publicPages(f: AccountabilityFixture) {
  return [
    "/",
    "/responses",
    "/responses?org=met&kind=thread",
    `/responses/${f.responses.r2.id}`,
    "/accountability",
    "/accountability/items?org=met&quarter=2026-Q3&measure=late",
    "/open-data",
    "/responses.data",
    "/accountability.data",
    "/consultations",
    `/consultations/${f.consultations.c1.id}`,
    `/consultations/${f.consultations.c1.id}/results`,
    "/actions",
    `/actions/${f.actions.a1.id}`,
    "/meetings",
    `/meetings/${f.meetings.m1.id}`,
    // The leaflets' list has no loader and no input: public, cacheable, the same for everyone.
    "/leaflets",
    // My Met Service's public figures (aggregates only, the same for everyone).
    "/my-met-service",
    // A forum's public listing (signed out: public threads only).
    `/forums/${f.forums.publicForum.slug}`,
    `/forums/${f.forums.publicForum.slug}?after=bm90LWEtY3Vyc29y`,
  ];
}

const FILES = ["/feeds/responses.atom", "/feeds/responses.met.atom", "/feeds/minutes.atom", "/feeds/results.atom", "/open-data/responses.csv", "/open-data/actions.json", "/open-data/feedback.csv", "/open-data/feedback-reports.json"];

describe("signed out", () => {
  it("public pages may be kept by a shared cache for a short while, varying on the cookie", async () => {
    for (const path of publicPages(fx)) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.cacheControl, path).toMatch(SHARED_CACHEABLE);
      expect(r.cacheControl, path).toMatch(/stale-while-revalidate=\d+/);
      expect(r.vary, path).toMatch(/Cookie/i);
    }
  });

  it("feeds and downloads are the same for everyone and cacheable", async () => {
    for (const path of FILES) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.cacheControl, path).toMatch(SHARED_CACHEABLE);
    }
  });

  it("a public thread, which changes while it is open, is asked for again by browsers every time; shared caches keep it briefly", async () => {
    const r = await get(`/threads/${fx.threads.t1.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain("Waiting months to hear my case was closed");
    // max-age=0: a visitor who reads the thread afresh after a live notice gets the new copy,
    // not the one their browser kept (and no stale-while-revalidate would hand that back).
    expect(r.cacheControl).toBe("public, max-age=0, s-maxage=10");
    expect(r.vary).toMatch(/Cookie/i);
  });

  it("the home page and a forum's public listing link its public threads, and never a members-only one, not even by title", async () => {
    const publicTitles = ["Waiting months to hear my case was closed", "Nobody returned my phone after the trial", "Interpreters at victim interviews", "Being kept informed about bail conditions"];
    const listing = await get(`/forums/${fx.forums.publicForum.slug}`);
    expect(listing.status).toBe(200);
    for (const title of publicTitles) expect(listing.body).toContain(title);
    expect(listing.body).toContain(`href="/threads/${fx.threads.t1.id}"`);
    expect(listing.body).not.toContain(SECRETS.membersOnlyTitle);
    expect(listing.body).not.toContain(`/threads/${fx.threads.t2.id}`);
    expect(listing.body).not.toContain("Start a thread");
    // An address of its own: the home page an earlier test fetched (with its own fixture) may
    // still be in the server's two-second page cache.
    const home = await get(`/?fixture=${fx.threads.t1.id}`);
    expect(home.body).toContain("Recent public discussions");
    expect(home.body).toContain(`href="/threads/${fx.threads.t1.id}"`);
    expect(home.body).toContain(`href="/forums/${fx.forums.publicForum.slug}"`);
    expect(home.body).not.toContain(`/threads/${fx.threads.t2.id}`);
    // A forum with no public threads says so; one that does not exist is not found (and not kept).
    const quiet = await get(`/forums/${fx.forums.privateForum.slug}`);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toContain("There are no public threads here yet.");
    const missing = await get("/forums/no-such-forum");
    expect(missing.status).toBe(404);
    expect(isPublic(missing.cacheControl)).toBe(false);
  });

  it("pages that do not exist, or are not public, are not kept", async () => {
    for (const path of [
      `/responses/${crypto.randomUUID()}`,
      `/threads/${fx.threads.t2.id}`,
      "/accountability/items?measure=nonsense",
      // Not public: results not yet published, an open consultation, minutes of a members-only forum.
      `/consultations/${fx.consultations.c2.id}`,
      `/consultations/${fx.consultations.c3.id}`,
      `/meetings/${fx.meetings.m2.id}`,
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(isPublic(r.cacheControl), `${path}: ${r.cacheControl}`).toBe(false);
    }
    for (const path of ["/forums", "/notifications", "/account", "/moderation"]) {
      const r = await get(path);
      expect(isPublic(r.cacheControl), `${path}: ${r.cacheControl}`).toBe(false);
    }
  });

  it("serves public pages whose HTML holds nothing members-only", async () => {
    for (const path of [...publicPages(fx), ...Object.values(fx.responses).map((r) => `/responses/${r.id}`), "/accountability/items?measure=due", "/accountability/items?measure=actions"]) {
      const r = await get(path);
      for (const [what, secret] of Object.entries(SECRETS)) {
        // An approved written answer belongs in its consultation's published results, without a
        // name (issue 4); it must only stay out of feeds and downloads, which hold aggregates.
        if (what === "writtenAnswer" && path.startsWith("/consultations/")) continue;
        expect(r.body, `${what} on ${path}`).not.toContain(secret);
      }
    }
  });
});

describe("the server's own signed-out page cache", () => {
  it("sends a public page again from the cache, with a policy allowing exactly its inline scripts", async () => {
    const path = `/responses/${fx.responses.r2.id}`;
    let response = await fetch(`${server.url}${path}`);
    const first = await response.text();
    for (let i = 0; i < 20 && response.headers.get("x-page-cache") !== "hit"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      response = await fetch(`${server.url}${path}`);
    }
    expect(response.headers.get("x-page-cache")).toBe("hit");
    expect(await response.text()).toBe(first);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).not.toMatch(/'nonce-/);
    const inline = [...first.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1]));
    expect(inline.length).toBeGreaterThan(0);
    for (const [, , script] of inline) expect(policy).toContain(`'sha256-${crypto.createHash("sha256").update(script).digest("base64")}'`);
  });

  it("never answers someone with a session cookie from the cache", async () => {
    const cookie = await signIn(server.url, fx.made.member);
    const path = `/responses/${fx.responses.r2.id}`;
    await fetch(`${server.url}${path}`);
    await fetch(`${server.url}${path}`);
    const signedIn = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(signedIn.headers.get("x-page-cache")).toBeNull();
    expect(signedIn.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });
});

describe("signed in", () => {
  it("the same public addresses are private and never stored", async () => {
    const cookie = await signIn(server.url, fx.made.member);
    for (const path of publicPages(fx)) {
      const r = await get(path, cookie);
      expect(r.status, path).toBe(200);
      expect(r.cacheControl, path).toBe("private, no-store");
    }
    // The home page is personalised: it shows the member's own posts awaiting moderation.
    const home = await get("/", cookie);
    expect(home.body).toContain("What awaits you");
    expect(home.body).toContain(SECRETS.openConsultationTitle);
  });

  it("a forum's page, signed in as its member, lists its members-only threads too, and is private", async () => {
    const cookie = await signIn(server.url, fx.made.member);
    const r = await get(`/forums/${fx.forums.publicForum.slug}`, cookie);
    expect(r.status).toBe(200);
    expect(r.body).toContain(SECRETS.membersOnlyTitle);
    expect(r.cacheControl).toBe("private, no-store");
  });

  it("members-only and personalised pages are private", async () => {
    const cookie = await signIn(server.url, fx.made.member);
    for (const path of [`/threads/${fx.threads.t2.id}`, "/forums", "/notifications", "/account", "/_root.data"]) {
      const r = await get(path, cookie);
      expect(r.status, path).toBe(200);
      expect(r.cacheControl, path).toBe("private, no-store");
    }
  });
});
