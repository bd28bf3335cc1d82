// A very short server-side cache for pages that may be shared: signed-out GET requests whose
// response the route itself marked `public`. It is what a caching proxy in front of the site
// would do, kept inside the process so a single server benefits too. Responses are held for
// at most `ttlMs` (and never longer than their own max-age), so a hidden post disappears for
// signed-out readers within that time. Each reply gets a fresh CSP nonce: the cached page's
// nonce is replaced, so no two responses ever share one.
import type { RequestHandler, Response } from "express";

type Entry = { expires: number; status: number; headers: [string, string][]; body: string; nonce: string };

export function pageCache(options: { ttlMs: number; maxEntries?: number }): RequestHandler {
  const store = new Map<string, Entry>();
  const maxEntries = options.maxEntries ?? 500;
  return (req, res, next) => {
    if (req.method !== "GET" || req.headers.cookie || req.headers.authorization) return next();
    const key = req.originalUrl;
    const nonce = res.locals.cspNonce as string;
    const hit = store.get(key);
    if (hit && hit.expires > Date.now()) {
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      res.setHeader("X-Page-Cache", "hit");
      res.status(hit.status).end(hit.nonce ? hit.body.split(hit.nonce).join(nonce) : hit.body);
      return;
    }
    if (hit) store.delete(key);
    capture(res, (body) => {
      const cacheControl = String(res.getHeader("Cache-Control") ?? "");
      const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? 0) * 1000;
      if (res.statusCode !== 200 || !/\bpublic\b/.test(cacheControl) || res.getHeader("Set-Cookie") || maxAge <= 0) return;
      if (store.size >= maxEntries) store.delete(store.keys().next().value as string);
      const headers: [string, string][] = [];
      for (const name of ["content-type", "cache-control", "vary", "content-language"]) {
        const value = res.getHeader(name);
        if (value !== undefined) headers.push([name, String(value)]);
      }
      store.set(key, { expires: Date.now() + Math.min(options.ttlMs, maxAge), status: 200, headers, body, nonce });
    });
    next();
  };
}

/** Collects what the route writes (before compression, which is mounted earlier). */
function capture(res: Response, done: (body: string) => void) {
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
    try {
      done(Buffer.concat(chunks).toString("utf8"));
    } catch {
      // Caching is an optimisation: a failure here must never affect the response.
    }
    return end(chunk, ...rest);
  }) as Response["end"];
}
