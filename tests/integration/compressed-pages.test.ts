// Pages as the real server sends them (app/server.ts after `npm run build`): a page rendered for
// a signed-in member is sent whole and compressed the way the browser asked (Brotli, gzip or
// not at all), with Vary saying so; the files in public/ are still served at their addresses,
// while an address that is not one of them is the site's own page, never a file.
import http from "node:http";
import zlib from "node:zlib";
import { useTestDatabase } from "../db";
import { signIn, useTestServer } from "../support/server";
import { makeAccountabilityFixture, SECRETS, type AccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

const server = useTestServer();
let fx: AccountabilityFixture;

beforeEach(async () => {
  fx = await makeAccountabilityFixture();
});

/** The raw answer (no decompression by the client, unlike fetch). */
function raw(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${server.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/**
 * A whole page: the document, then the page's data (Remix sends it after </html> in scripts),
 * through to the script that says the data is complete.
 */
function expectWholePage(html: string, label: string) {
  expect(html, label).toMatch(/^<!DOCTYPE html>/i);
  expect(html, label).toContain("</html>");
  expect(html, label).toMatch(/streamController\.close\(\);<\/script>(<!--\/\$-->)*\s*$/);
}

const decoders: Record<string, (b: Buffer) => Buffer> = {
  br: (b) => zlib.brotliDecompressSync(b),
  gzip: (b) => zlib.gunzipSync(b),
  identity: (b) => b,
};

describe("a page rendered for a signed-in member", () => {
  it("comes whole, in the encoding the browser asked for, and says it varies on the cookie and the encoding", async () => {
    const cookie = await signIn(server.url, fx.made.member);
    const path = `/threads/${fx.threads.t2.id}`;
    for (const [asked, expected] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
      // A browser that refuses Brotli outright gets gzip.
      ["br;q=0, gzip", "gzip"],
      ["identity", "identity"],
    ] as const) {
      const res = await raw(path, { cookie, "accept-encoding": asked });
      expect(res.status, asked).toBe(200);
      expect(res.headers["content-encoding"] ?? "identity", asked).toBe(expected);
      expect(res.headers["content-type"], asked).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"], asked).toBe("private, no-store");
      const vary = String(res.headers.vary ?? "");
      expect(vary, asked).toMatch(/\bCookie\b/i);
      if (expected !== "identity") expect(vary, asked).toMatch(/\bAccept-Encoding\b/i);
      const html = decoders[expected](res.body).toString("utf8");
      // The members-only thread, its post, and the whole document through to its end.
      expect(html, asked).toContain(SECRETS.membersOnlyTitle);
      expect(html, asked).toContain(SECRETS.membersOnlyBody);
      expectWholePage(html, asked);
      // Smaller than the page itself when compressed.
      if (expected !== "identity") expect(res.body.length, asked).toBeLessThan(Buffer.byteLength(html) / 2);
    }
  });

  it("a page that does not exist is still answered 404 with the site's page", async () => {
    const cookie = await signIn(server.url, fx.made.member);
    const res = await raw("/threads/00000000-0000-4000-8000-000000000000", { cookie, "accept-encoding": "br" });
    expect(res.status).toBe(404);
    expect(res.headers["content-encoding"]).toBe("br");
    expectWholePage(zlib.brotliDecompressSync(res.body).toString("utf8"), "404");
  });
});

describe("files in public/", () => {
  it("are served at their addresses with their cache lifetimes", async () => {
    const robots = await raw("/robots.txt", {});
    expect(robots.status).toBe(200);
    expect(robots.headers["cache-control"]).toBe("public, max-age=3600");
    expect(robots.body.toString("utf8")).toMatch(/User-agent/i);
    const icon = await raw("/favicon.svg", {});
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    const html = (await raw("/support", {})).body.toString("utf8");
    const script = /"(\/build\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await raw(script!, {});
    expect(asset.status).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("an address that is not a file there is answered by the site, not by the file server", async () => {
    const res = await raw("/robots.txt.old", { "accept-encoding": "identity" });
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expectWholePage(res.body.toString("utf8"), "/robots.txt.old");
  });
});
