// The signed-out page cache on a small Express app over real HTTP: what it stores, what it
// refuses to store, how a stored page is sent (compressed once, a CSP that allows exactly its
// own inline scripts), and what happens when a page expires or stops being shareable.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { inlineScriptHashes, pageCache, type PageCache } from "./page-cache.server";

type Page = { status: number; cacheControl: string; body: (nonce: string) => string; setCookie?: boolean; hold?: Promise<void> };

let server: http.Server;
let base: string;
let cache: PageCache;
let renders = 0;
let page: Page;
let clock = 1_000_000;
/** Called whenever the route starts rendering (see slowRender). */
let renderStarted = () => {};

const html = (text: string) => (nonce: string) =>
  `<!DOCTYPE html><html><body><p>${text}</p>` +
  `<script nonce="${nonce}">window.__context = {"text":"${text}"};</script>` +
  `<script nonce="${nonce}" type="module">import "/build/entry.js";</script>` +
  `<script src="/build/other.js" nonce="${nonce}"></script></body></html>`;

beforeAll(async () => {
  vi.spyOn(Date, "now").mockImplementation(() => clock);
  const app = express();
  app.use((_req, res, next) => {
    res.locals.nonce = crypto.randomBytes(8).toString("base64");
    res.setHeader("Content-Security-Policy", `default-src 'self';script-src 'self' 'nonce-${res.locals.nonce}';object-src 'none'`);
    next();
  });
  app.use(compression());
  cache = pageCache({ ttlMs: 2_000, staleMs: 10_000 });
  app.use(cache);
  app.get("*", async (_req, res) => {
    renders++;
    const current = page;
    renderStarted();
    if (current.hold) await current.hold;
    res.status(current.status).setHeader("Cache-Control", current.cacheControl);
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Vary", "Cookie");
    if (current.setCookie) res.setHeader("Set-Cookie", "a=b");
    // Written in two pieces, as a streamed render is.
    const body = current.body(res.locals.nonce as string);
    res.write(body.slice(0, 40));
    res.end(body.slice(40));
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  vi.restoreAllMocks();
  await new Promise((resolve) => server.close(resolve));
});

let n = 0;
beforeEach(() => {
  renders = 0;
  page = { status: 200, cacheControl: "public, max-age=60", body: html("first version") };
});
const fresh = () => `/page-${++n}`;

/** A raw GET, so the test sees exactly the bytes and headers sent. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer }>((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}
const text = (r: { raw: Buffer }) => r.raw.toString("utf8");
/** Waits until the cache has stored (or refused) every page it was making: compression runs on the thread pool. */
const settled = () => cache.idle();
/**
 * A render held until the test calls `finish`; `started` resolves once the route has begun it,
 * that is once the cache counts that page as being refreshed.
 */
function slowRender() {
  let release = () => {};
  const hold = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (renderStarted = resolve));
  return { hold, started, finish: () => release() };
}

describe("the signed-out page cache", () => {
  it("renders a public page once and sends the stored copy to the next visitor", async () => {
    const path = fresh();
    const first = await get(path);
    expect(first.headers["x-page-cache"]).toBe("miss");
    await settled();
    const second = await get(path);
    expect(renders).toBe(1);
    expect(second.headers["x-page-cache"]).toBe("hit");
    expect(text(second)).toBe(text(first));
    expect(second.headers["cache-control"]).toBe("public, max-age=60");
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(second.headers.vary).toMatch(/Cookie/);
    expect(second.headers.vary).toMatch(/Accept-Encoding/);
  });

  it("sends a stored page with a policy allowing exactly its own inline scripts, and no nonce", async () => {
    const path = fresh();
    const first = await get(path);
    await settled();
    const hit = await get(path);
    const policy = String(hit.headers["content-security-policy"]);
    expect(policy).not.toMatch(/nonce-/);
    // The rest of the policy is untouched.
    expect(policy).toMatch(/^default-src 'self';script-src 'self' 'sha256-/);
    expect(policy).toMatch(/;object-src 'none'$/);
    const scripts = [...text(first).matchAll(/<script nonce="[^"]*"(?: type="module")?>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      expect(policy).toContain(`'sha256-${crypto.createHash("sha256").update(script).digest("base64")}'`);
    }
    // Two inline scripts, two hashes: the external one is allowed by 'self', not by a hash.
    expect(policy.match(/'sha256-/g)).toHaveLength(2);
  });

  it("sends the stored page compressed as the browser asks, decoding to the same HTML", async () => {
    const path = fresh();
    const first = await get(path);
    await settled();
    const gz = await get(path, { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(Number(gz.headers["content-length"])).toBe(gz.raw.length);
    expect(zlib.gunzipSync(gz.raw).toString("utf8")).toBe(text(first));
    const br = await get(path, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(br.raw).toString("utf8")).toBe(text(first));
    expect(renders).toBe(1);
  });

  it("answers a matching If-None-Match with 304 Not Modified", async () => {
    const path = fresh();
    await get(path);
    await settled();
    const hit = await get(path);
    expect(hit.headers.etag).toMatch(/^W\/"/);
    const again = await get(path, { "if-none-match": String(hit.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
  });

  it("never serves or stores anything for a visitor with a cookie or credentials", async () => {
    const path = fresh();
    await get(path, { cookie: "vvf.session_token=abc" });
    await get(path, { authorization: "Bearer x" });
    await settled();
    const anon = await get(path);
    expect(anon.headers["x-page-cache"]).toBe("miss");
    await settled();
    const withCookie = await get(path, { cookie: "vvf.session_token=abc" });
    expect(withCookie.headers["x-page-cache"]).toBeUndefined();
    expect(renders).toBe(4);
  });

  it.each([
    ["not marked public", { cacheControl: "no-cache" }],
    ["private", { cacheControl: "private, no-store" }],
    ["public without a max-age", { cacheControl: "public" }],
    ["setting a cookie", { setCookie: true }],
    ["not found", { status: 404 }],
  ])("does not store a page %s", async (_label, change) => {
    page = { ...page, ...change };
    const path = fresh();
    await get(path);
    await settled();
    const again = await get(path);
    expect(again.headers["x-page-cache"]).toBe("miss");
    expect(renders).toBe(2);
  });

  it("after expiry, one request renders the new version while others get the expired copy", async () => {
    const path = fresh();
    await get(path);
    await settled();
    clock += 2_001;
    const render = slowRender();
    page = { ...page, body: html("second version"), hold: render.hold };
    const refresh = get(path);
    await render.started;
    // Any other render is immediate, so a request wrongly rendered fails below instead of waiting.
    page = { ...page, hold: undefined };
    const during = await Promise.all([get(path), get(path), get(path)]);
    render.finish();
    for (const r of during) {
      expect(r.headers["x-page-cache"]).toBe("stale");
      expect(text(r)).toContain("first version");
    }
    expect(text(await refresh)).toContain("second version");
    await settled();
    const after = await get(path);
    expect(after.headers["x-page-cache"]).toBe("hit");
    expect(text(after)).toContain("second version");
    expect(renders).toBe(2);
  });

  it("drops a stored page at once when its replacement may not be shared (a thread made members-only)", async () => {
    const path = fresh();
    await get(path);
    await settled();
    clock += 2_001;
    page = { status: 404, cacheControl: "no-cache", body: () => "Not found" };
    expect((await get(path)).status).toBe(404);
    await settled();
    const next = await get(path);
    expect(next.status).toBe(404);
    expect(text(next)).not.toContain("first version");
  });

  it("gives out no copy more than staleMs after it expired, even while a refresh is slow", async () => {
    const path = fresh();
    await get(path);
    await settled();
    clock += 2_000 + 10_001;
    const render = slowRender();
    page = { ...page, body: html("second version"), hold: render.hold };
    const refresh = get(path);
    await render.started;
    page = { ...page, hold: undefined };
    const during = await get(path);
    render.finish();
    expect(text(during)).toContain("second version");
    await refresh;
  });

  it("never keeps a page longer than its own max-age", async () => {
    page = { ...page, cacheControl: "public, max-age=1" };
    const path = fresh();
    await get(path);
    await settled();
    clock += 1_001;
    page = { ...page, body: html("second version") };
    // The expired copy is refreshed by this request, not given out as a hit.
    expect(text(await get(path))).toContain("second version");
  });

  it("keeps a page for its shared-cache lifetime (s-maxage) when browsers are told to ask every time", async () => {
    page = { ...page, cacheControl: "public, max-age=0, s-maxage=1" };
    const path = fresh();
    await get(path);
    await settled();
    expect(text(await get(path))).toContain("first version");
    expect(renders).toBe(1);
    clock += 1_001;
    page = { ...page, body: html("second version") };
    expect(text(await get(path))).toContain("second version");
  });
});

describe("inlineScriptHashes", () => {
  it("hashes inline scripts exactly as written and skips scripts with a src", () => {
    const hashes = inlineScriptHashes(`<script>a()</script><script type="module">\nb()\n</script><script src="/x.js"></script><SCRIPT>a()</SCRIPT>`);
    const sha = (s: string) => `'sha256-${crypto.createHash("sha256").update(s).digest("base64")}'`;
    expect(hashes).toEqual([sha("a()"), sha("\nb()\n")]);
  });
});
