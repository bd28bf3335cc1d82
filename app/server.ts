// The one HTTP server: Express serves static files, better-auth, the Remix build and
// Socket.IO. Start with `npm start` (production) after `npm run build`.
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { toNodeHandler } from "better-auth/node";
import { DatabaseLockedError, openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { authSecret, isProduction } from "./services/config.server";
import { CLIENT_IP_HEADER, auth, initAuth } from "./services/auth.server";
import { rateLimits } from "./services/rate-limit.server";
import { createRealtime } from "./services/realtime.server";
import { registerRooms } from "./services/rooms.server";
import { runInRequestScope } from "./services/request-scope.server";
import { pageCache } from "./services/page-cache.server";
import { registerJobs } from "./services/jobs.server";
import { startScheduler } from "./services/scheduler.server";
import { resendSender, startOutboxWorker } from "./services/mail.server";

const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)));

export type AppLoadContext = { cspNonce: string };

export type StartedServer = {
  url: string;
  server: http.Server;
  database: DatabaseHandle;
  close: () => Promise<void>;
};

export async function startServer(options: { port?: number; host?: string } = {}): Promise<StartedServer> {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? path.join(root, "data") });
  await migrateDatabase(database);
  initAuth(authSecret({ dataDir: database.dataDir, kind: database.kind }));

  const seedWanted = process.env.SEED_DEMO === "1" || (database.kind === "pglite" && process.env.SEED_DEMO !== "0");
  if (seedWanted) {
    const { seedDemoIfEmpty } = await import("../db/seed");
    const seeded = await seedDemoIfEmpty(database.db);
    if (seeded) console.log("[seed] the demo dataset was added (see README for the demo sign-ins)");
  }

  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy, TRUST_PROXY tells Express how many hops to trust for the client address.
  if (process.env.TRUST_PROXY) app.set("trust proxy", Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY);

  app.use((_req, _res, next) => runInRequestScope(next));
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
          connectSrc: ["'self'", "ws:", "wss:"],
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
  app.use(compression());
  for (const { path: p, handler } of rateLimits()) app.use(p, handler);

  // better-auth reads its own body, so it is mounted before anything that parses bodies.
  app.all("/api/auth/*", toNodeHandler(auth()));

  // Browsers ask for /favicon.ico whatever the page says; point them at the real icon.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  if (process.env.PAGE_CACHE_MS !== "0") app.use(pageCache({ ttlMs: Number(process.env.PAGE_CACHE_MS ?? 2_000) }));

  const buildPath = pathToFileURL(path.join(root, "build/index.js")).href;
  const build = (await import(buildPath)) as ServerBuild;
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: isProduction ? "production" : "development",
      getLoadContext: (_req, res): AppLoadContext => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );

  const server = http.createServer(app);
  registerRooms();
  const realtime = await createRealtime(server, { redisUrl: process.env.REDIS_URL });

  const worker = process.env.RESEND_API_KEY
    ? startOutboxWorker({
        send: resendSender(process.env.RESEND_API_KEY, process.env.MAIL_FROM ?? "Victim Voice Forum <forum@example.org>"),
        baseDelayMs: Number(process.env.MAIL_RETRY_BASE_MS ?? 30_000),
      })
    : undefined;

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
