// A very short server-side cache ("microcache") for pages that may be shared: signed-out GET
// requests whose response the route itself marked `public`. It does what a caching proxy in
// front of the site would do, kept inside the process so a single server benefits too.
//
// - A page is held for at most `ttlMs`, and never longer than its own shared-cache lifetime
//   (`s-maxage`, or else `max-age`), so a post a moderator hides disappears for signed-out
//   readers within that time. A page that changes live (a thread) says `max-age=0, s-maxage=…`:
//   browsers ask again every time, this store and proxies may still keep it briefly.
// - It is stored ready to send: the HTML, and the same HTML compressed with gzip and with
//   Brotli once, so a hit costs neither a render nor a compression.
// - A stored page cannot carry a fresh CSP nonce, so a hit is sent with a policy that allows
//   exactly the page's own inline scripts by their SHA-256 hashes instead (the nonce in the
//   stored HTML was only ever valid for the response it was first made for).
// - When a stored page expires, one request makes its replacement while the others asking
//   meanwhile get the just-expired copy: no stampede of identical renders under load. A stale
//   copy is only given out while its replacement is being made, and never more than `staleMs`
//   after it expired; if the replacement may not be shared (the thread became members-only,
//   say), the stored copy is gone and nobody gets it again.
import crypto from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Request, RequestHandler, Response } from "express";

export type CachedPage = {
  expires: number;
  headers: [string, string][];
  scriptHashes: string[];
  etag: string;
  bodies: { identity: Buffer; gzip: Buffer; br: Buffer };
};

export type PageCacheOptions = { ttlMs: number; maxEntries?: number; staleMs?: number };

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
const KEPT_HEADERS = ["content-type", "cache-control", "vary", "content-language"];

/** The request may share a stored page: a plain GET from someone with no session or credentials. */
function isShareable(req: Request) {
  return req.method === "GET" && !req.headers.cookie && !req.headers.authorization;
}

/** The middleware, and `idle()`: resolves once no page is being rendered or stored (for tests). */
export type PageCache = RequestHandler & { idle(): Promise<void> };

export function pageCache(options: PageCacheOptions): PageCache {
  const store = new Map<string, CachedPage>();
  const inFlight = new Set<string>();
  const maxEntries = options.maxEntries ?? 500;
  const staleMs = options.staleMs ?? 10_000;
  let whenIdle: (() => void)[] = [];
  const finished = (key: string) => {
    inFlight.delete(key);
    if (inFlight.size > 0) return;
    for (const resolve of whenIdle) resolve();
    whenIdle = [];
  };
  const idle = () => (inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve)));

  const handler: RequestHandler = (req, res, next) => {
    if (!isShareable(req)) return next();
    const key = req.originalUrl;
    const now = Date.now();
    const stored = store.get(key);
    if (stored && stored.expires > now) return send(req, res, stored, "hit");

    if (inFlight.has(key)) {
      if (stored && now - stored.expires < staleMs) return send(req, res, stored, "stale");
      // Nothing usable is stored (the address is new, long unused, or not shareable at all):
      // this request is answered the ordinary way, without waiting for the other one.
      return next();
    }

    // This request makes the page; the others asking meanwhile are answered as above.
    inFlight.add(key);
    const settle = () => finished(key);
    res.setHeader("X-Page-Cache", "miss");
    capture(res, (body) => {
      if (!body) return settle();
      toCachedPage(res, body, options.ttlMs)
        .then((page) => {
          store.delete(key);
          if (!page) return;
          if (store.size >= maxEntries) store.delete(store.keys().next().value as string);
          store.set(key, page);
        })
        .catch(() => store.delete(key))
        .finally(settle);
    });
    // A response that never finishes (the client went away) must not block the next refresh.
    res.on("close", () => {
      if (!res.writableFinished) settle();
    });
    next();
  };
  return Object.assign(handler, { idle });
}

/** What the route sent, as a stored page, when it may be shared; otherwise undefined. */
async function toCachedPage(res: Response, body: Buffer, ttlMs: number): Promise<CachedPage | undefined> {
  const cacheControl = String(res.getHeader("Cache-Control") ?? "");
  const maxAgeMs = Number((/\bs-maxage=(\d+)/.exec(cacheControl) ?? /(?:^|[\s,])max-age=(\d+)/.exec(cacheControl))?.[1] ?? 0) * 1000;
  const shareable =
    res.statusCode === 200 &&
    /\bpublic\b/.test(cacheControl) &&
    !/\b(private|no-store|no-cache)\b/.test(cacheControl) &&
    !res.getHeader("Set-Cookie") &&
    maxAgeMs > 0;
  if (!shareable) return undefined;
  const headers: [string, string][] = [];
  for (const name of KEPT_HEADERS) {
    const value = res.getHeader(name);
    if (value !== undefined) headers.push([name, String(value)]);
  }
  const [gz, br] = await Promise.all([
    gzip(body, { level: 9 }),
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  ]);
  return {
    expires: Date.now() + Math.min(ttlMs, maxAgeMs),
    headers,
    scriptHashes: inlineScriptHashes(body.toString("utf8")),
    etag: `W/"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
    bodies: { identity: body, gzip: gz, br },
  };
}

/** CSP hash-sources for every inline <script> of a page, in the form `'sha256-…'`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(match[1])) continue;
    hashes.add(`'sha256-${crypto.createHash("sha256").update(match[2], "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/**
 * The policy helmet set for this response, with its per-response nonce swapped for the stored
 * page's script hashes. Nothing else in the policy changes.
 */
function policyForStoredPage(res: Response, page: CachedPage): string | undefined {
  const policy = res.getHeader("Content-Security-Policy");
  if (typeof policy !== "string") return undefined;
  return policy.replace(/'nonce-[^']*'/g, page.scriptHashes.join(" ") || "'none'");
}

function send(req: Request, res: Response, page: CachedPage, how: "hit" | "stale") {
  for (const [name, value] of page.headers) res.setHeader(name, value);
  const policy = policyForStoredPage(res, page);
  if (policy) res.setHeader("Content-Security-Policy", policy);
  res.setHeader("ETag", page.etag);
  res.setHeader("X-Page-Cache", how);
  res.vary("Accept-Encoding");
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  // Brotli when the browser takes it (smaller), else gzip, else the HTML as it is.
  const encoding = req.acceptsEncodings("br") ? "br" : req.acceptsEncodings("gzip") ? "gzip" : "identity";
  const body = encoding === "br" ? page.bodies.br : encoding === "gzip" ? page.bodies.gzip : page.bodies.identity;
  // Setting Content-Encoding tells the compression middleware the body is already encoded.
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.status(200).end(body);
}

/**
 * Collects what the route writes (before compression, which is mounted earlier) and hands it
 * to `done` when the response ends; `done(undefined)` when it cannot be collected.
 */
function capture(res: Response, done: (body: Buffer | undefined) => void) {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    if (Buffer.isBuffer(chunk)) chunks.push(chunk);
    else if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    // Caching is an optimisation: nothing here may affect the response itself.
    try {
      done(Buffer.concat(chunks));
    } catch {
      done(undefined);
    }
    return end(chunk, ...rest);
  }) as Response["end"];
}
