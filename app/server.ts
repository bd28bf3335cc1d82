// The one HTTP server: Express serves static files, better-auth, the Remix build and
// Socket.IO. Start with `npm start` (production) after `npm run build`, which compiles this file
// and what it imports from app/ and db/ to build/server.js (scripts/build-server.mjs).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createPageRenderer, type ServerBuild } from "@remix-run/node";
import { toNodeHandler } from "better-auth/node";
import { DatabaseLockedError, openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { sealUnsealedForumSets } from "./models/consultations/forum-sets.server";
import { authSecret, isProduction, publicUrl } from "./services/config.server";
import { CLIENT_IP_HEADER, auth, initAuth } from "./services/auth.server";
import { rateLimits, type LimitedContext } from "./services/rate-limit.server";
import { STATE_CHANGING_METHODS, comesFromThisSite, connectSources, requestOriginOf } from "./services/origins.server";
import type { RefusedContext } from "./routes/refused";
import { useFeedbackLimitStore } from "./services/feedback-limits.server";
import { useSignInLimitStore } from "./services/sign-in-limits.server";
import { createRealtime } from "./services/realtime.server";
import { closeRedis, redisClient } from "./services/redis.server";
import { runInRequestScope } from "./services/request-scope.server";
import type { FragmentContext } from "./services/post-fragments.server";
import { pageCache } from "./services/page-cache.server";
import { PAGE_BROTLI_QUALITY, withOutageAnswers } from "./services/http.server";
import { FORM_BODY_LIMIT, isFormBody, readBodyWithin } from "./services/forms.server";
import { isUnreadableAddress } from "./utils/form-input";
import { registerJobs } from "./services/jobs.server";
import { startScheduler } from "./services/scheduler.server";
import { notifySender, notifyTemplateId, resendSender, startOutboxWorker } from "./services/mail.server";

// The repository root: one level up from app/server.ts and from its compiled form build/server.js.
const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)));

export type AppLoadContext = { cspNonce: string } & LimitedContext & RefusedContext & FragmentContext;

export type StartedServer = {
  url: string;
  server: http.Server;
  database: DatabaseHandle;
  close: () => Promise<void>;
};

const LINGER_MS = 2_000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * After a 413 sent before the body was read: what still comes is dropped, never kept. A body
 * that ends within LINGER_MS and LINGER_BYTES leaves the connection usable for the next request;
 * otherwise the connection closes.
 */
function drainThenClose(req: http.IncomingMessage) {
  const socket = req.socket;
  let dropped = 0;
  const close = () => socket.destroy();
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.once("end", done);
  socket.once("close", done);
  // Whoever stopped reading the body (a form reader at its limit) gives it up here.
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  req.resume();
}

export async function startServer(options: { port?: number; host?: string } = {}): Promise<StartedServer> {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? path.join(root, "data") });
  await migrateDatabase(database);
  initAuth(authSecret({ dataDir: database.dataDir, kind: database.kind }));
  // Migration 0010 left consultation respondents' forum sets to be sealed under the secret.
  const sealed = await sealUnsealedForumSets();
  if (sealed) console.log(`[migrate] sealed ${sealed} consultation respondents' forum sets under the server's secret`);

  const seedWanted = process.env.SEED_DEMO === "1" || (database.kind === "pglite" && process.env.SEED_DEMO !== "0");
  if (seedWanted) {
    const { seedDemoIfEmpty } = await import("../db/seed");
    const seeded = await seedDemoIfEmpty(database.db);
    if (seeded) console.log("[seed] the demo dataset was added (see README for the demo sign-ins)");
  }

  const buildPath = pathToFileURL(path.join(root, "build/index.js")).href;
  // A lost database connection answers 503 with Retry-After (app/services/http.server.ts).
  const build = withOutageAnswers((await import(buildPath)) as ServerBuild);
  const mode = isProduction ? "production" : "development";
  // The site's own page for a request refused before any route saw it (app/routes/refused.tsx).
  const renderPage = createPageRenderer(build, mode);
  const refusalPage = (refusal: NonNullable<RefusedContext["refusal"]>, res: express.Response) =>
    renderPage(new Request(`${publicUrl()}/refused`, { headers: { accept: "text/html" } }), { cspNonce: res.locals.cspNonce as string, refusal });
  const sendPage = async (res: express.Response, pending: Response | Promise<Response>) => {
    const response = await pending;
    res.status(response.status);
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  /** Too many attempts at an endpoint: the page for a browser opening it, JSON with Retry-After for a script. */
  const answerTooMany = (req: express.Request, res: express.Response, retryAt: Date) => {
    if (req.accepts(["json", "html"]) === "html") {
      sendPage(res, refusalPage({ kind: "too-many", retryAt }, res)).catch(() => res.status(429).end());
      return;
    }
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
    res.status(429).set("Retry-After", String(seconds)).json({ code: "TOO_MANY_REQUESTS", message: "Too many attempts. Please try again later.", retryAt: retryAt.toISOString() });
  };

  /** better-auth's request with its body read, no further than the limit (a thrown 413 past it). */
  const withinBodyLimit = async (request: Request): Promise<Request> => {
    if (request.method === "GET" || request.method === "HEAD" || !request.body) return request;
    const body = await readBodyWithin(request);
    return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
  };

  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy, TRUST_PROXY tells Express how many hops to trust for the client address.
  if (process.env.TRUST_PROXY) app.set("trust proxy", Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY);

  app.use((_req, _res, next) => runInRequestScope(next));
  // A body too large to accept (413) is answered before it is read. Closing the connection at
  // once would reset it under a client that is still sending, which may then lose the answer;
  // so, as web servers' "lingering close" does, what still comes is dropped for a moment (at
  // most LINGER_BYTES, never kept) before the connection closes (drainThenClose).
  app.use((req, res, next) => {
    res.on("finish", () => {
      if (res.statusCode === 413 && !req.complete) drainThenClose(req);
    });
    next();
  });
  app.use((req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    // better-auth and the Remix request see the real client address, never a spoofed header.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? "";
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          // This site and the other allowed origins (also as ws:// or wss://), never any host.
          connectSrc: [(req) => connectSources(requestOriginOf(req as express.Request)).join(" ")],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: isProduction && (process.env.PUBLIC_URL ?? "").startsWith("https://") ? [] : null,
        },
      },
      // "same-origin": other sites learn nothing, while our own form posts keep their Origin
      // header (Remix refuses a POST whose Origin is "null").
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: (process.env.PUBLIC_URL ?? "").startsWith("https://"),
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    next();
  });
  // Brotli at PAGE_BROTLI_QUALITY (app/services/http.server.ts) for what is compressed as it is
  // sent; a signed-in reader's page arrives already compressed (app/entry.server.tsx) and passes.
  app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: PAGE_BROTLI_QUALITY } } }));
  // An address with a broken %-escape or a control character (a NUL byte) is refused with the
  // site's page before any route (or Express's own parameter decoding) reads it.
  app.use((req, res, next) => {
    if (!isUnreadableAddress(req.originalUrl)) return next();
    sendPage(res, refusalPage({ kind: "bad-address" }, res)).catch(next);
  });
  // A POST, PUT, PATCH or DELETE (a Remix action, better-auth) must say it comes from this site
  // (Origin, or Sec-Fetch-Site: same-origin); otherwise it is refused before anything runs.
  app.use((req, res, next) => {
    if (!STATE_CHANGING_METHODS.has(req.method) || comesFromThisSite(req.headers, requestOriginOf(req))) return next();
    sendPage(res, refusalPage({ kind: "other-site" }, res)).catch(next);
  });
  // A body larger than any form needs (FORM_BODY_LIMIT) is refused by its declared length before
  // a byte of it is read, and the connection closes after the answer. A body sent in chunks
  // declares no length: the form reader (app/services/forms.server.ts) and better-auth's mount
  // below count its bytes as they arrive and stop at the limit.
  app.use((req, res, next) => {
    const declared = Number(req.headers["content-length"]);
    if (!(declared > FORM_BODY_LIMIT)) return next();
    if (req.accepts(["json", "html"]) === "html") {
      sendPage(res, refusalPage({ kind: "too-large" }, res)).catch(() => res.status(413).end());
      return;
    }
    res.status(413).json({ code: "PAYLOAD_TOO_LARGE", message: "What you sent was too large." });
  });
  // The site's pages send only forms: any other body to them (JSON, plain text) is refused with
  // 415 before a route sees it. better-auth (/api/auth) takes JSON and reads its own body.
  app.use((req, res, next) => {
    if (!STATE_CHANGING_METHODS.has(req.method) || req.path.startsWith("/api/") || isFormBody(req.headers)) return next();
    sendPage(res, refusalPage({ kind: "not-a-form" }, res)).catch(next);
  });
  // With REDIS_URL, every process counts limits in Redis: an attacker gains nothing by
  // spreading attempts over the processes behind a load balancer.
  // Redis may be away at start or later: the limits then count in this process (see
  // sign-in-limits.server.ts and rate-limit.server.ts) and the client reconnects by itself.
  const limitsRedis = process.env.REDIS_URL ? redisClient(process.env.REDIS_URL, { failFastWhileAway: true }) : undefined;
  useSignInLimitStore(limitsRedis);
  useFeedbackLimitStore(limitsRedis);
  for (const { path: p, handler } of rateLimits({ redis: limitsRedis, onApiLimited: answerTooMany })) app.use(p, handler);

  // better-auth reads its own body, so it is mounted before anything that parses bodies. Its own
  // rate limit answers 429 with a bare message: a browser that opened the address (a link in an
  // email) gets the site's page instead.
  app.all("/api/auth/*", (req, res) =>
    toNodeHandler(async (sent: Request) => {
      let request: Request;
      try {
        request = await withinBodyLimit(sent);
      } catch (refusal) {
        if (!(refusal instanceof Response)) throw refusal;
        if (req.accepts(["json", "html"]) === "html") return refusalPage({ kind: "too-large" }, res);
        return Response.json({ code: "PAYLOAD_TOO_LARGE", message: "What you sent was too large." }, { status: 413 });
      }
      const response = await auth().handler(request);
      if (response.status !== 429 || req.accepts(["json", "html"]) !== "html") return response;
      const seconds = Number(response.headers.get("X-Retry-After") ?? response.headers.get("Retry-After")) || 60;
      return refusalPage({ kind: "too-many", retryAt: new Date(Date.now() + seconds * 1000) }, res);
    })(req, res),
  );

  // Browsers ask for /favicon.ico whatever the page says; point them at the real icon.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // Files in public/ are looked for only at addresses that start with one of its names, so a
  // page costs no look-up on disk first.
  const publicDir = path.join(root, "public");
  const publicNames = new Set(fs.readdirSync(publicDir).filter((name) => name !== "build"));
  const publicFiles = express.static(publicDir, { maxAge: "1h" });
  app.use((req, res, next) => (publicNames.has(req.path.split("/")[1] ?? "") ? publicFiles(req, res, next) : next()));

  if (process.env.PAGE_CACHE_MS !== "0") app.use(pageCache({ ttlMs: Number(process.env.PAGE_CACHE_MS ?? 2_000) }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res): AppLoadContext => ({
        cspNonce: res.locals.cspNonce as string,
        limitedUntil: res.locals.limitedUntil as Date | undefined,
        pageLoad: !req.path.endsWith(".data"),
      }),
    }),
  );

  const server = http.createServer(app);
  const realtime = await createRealtime(server, { redisUrl: process.env.REDIS_URL });

  // Emails go out with RESEND_API_KEY, text messages with NOTIFY_API_KEY; without a key, that
  // channel's messages stay in the outbox (readable at /admin/outbox).
  const send = process.env.RESEND_API_KEY
    ? resendSender(process.env.RESEND_API_KEY, process.env.MAIL_FROM ?? "Victim Voice Forum <forum@example.org>")
    : undefined;
  const sendText = process.env.NOTIFY_API_KEY
    ? notifySender(process.env.NOTIFY_API_KEY, notifyTemplateId(), process.env.NOTIFY_BASE_URL || undefined)
    : undefined;
  const worker =
    send || sendText ? startOutboxWorker({ send, sendText, baseDelayMs: Number(process.env.MAIL_RETRY_BASE_MS ?? 30_000) }) : undefined;

  registerJobs();
  const scheduler = process.env.SCHEDULER === "0" ? undefined : startScheduler();

  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? "0.0.0.0";
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;

  let closed = false;
  return {
    url: `http://localhost:${actualPort}`,
    server,
    database,
    close: async () => {
      if (closed) return;
      closed = true;
      await scheduler?.stop();
      await worker?.stop();
      await realtime.close();
      if (limitsRedis) await closeRedis(limitsRedis);
      useSignInLimitStore();
      useFeedbackLimitStore();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  startServer()
    .then((started) => {
      console.log(`Victim Voice Forum is running at ${started.url} (database: ${started.database.kind})`);
      const shutdown = () => {
        started.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    })
    .catch((err) => {
      if (err instanceof DatabaseLockedError) console.error(err.message);
      else console.error(err);
      process.exit(1);
    });
}
