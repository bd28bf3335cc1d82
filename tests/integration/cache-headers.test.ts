// Cache headers from the real server (app/server.ts after `npm run build`): public pages, feeds
// and downloads may be kept by a shared cache when nobody is signed in; the same address asked
// with a session cookie is private and never stored; members-only and personalised pages are
// never publicly cacheable. The public pages' HTML, as served, holds nothing members-only.
import crypto from "node:crypto";
import { useTestDatabase } from "../db";
import { signIn, startTestServer, type TestServer } from "../support/server";
import { makeAccountabilityFixture, SECRETS, type AccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

let server: TestServer;
let fx: AccountabilityFixture;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

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
  ];
}

const FILES = ["/feeds/responses.atom", "/feeds/responses.met.atom", "/feeds/minutes.atom", "/feeds/results.atom", "/open-data/responses.csv", "/open-data/actions.json"];

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
    const cookie = await signIn(server.url, fx.made.member.email, fx.made.member.password);
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
    const cookie = await signIn(server.url, fx.made.member.email, fx.made.member.password);
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

  it("members-only and personalised pages are private", async () => {
    const cookie = await signIn(server.url, fx.made.member.email, fx.made.member.password);
    for (const path of [`/threads/${fx.threads.t2.id}`, "/forums", "/notifications", "/account", "/_root.data"]) {
      const r = await get(path, cookie);
      expect(r.status, path).toBe(200);
      expect(r.cacheControl, path).toBe("private, no-store");
    }
  });
});
