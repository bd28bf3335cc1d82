// The real server (app/server.ts) started inside a test process, and Socket.IO clients signed in
// the way a browser is: a session cookie from better-auth's sign-in endpoint.
//
// Vitest runs this project's files in one process per worker (isolate: false) and the database
// is a process-wide singleton: startServer() finds the test database already open (useTestDatabase
// or openTestDatabase first) and uses it, and closing the server here leaves it open for the
// worker's other files.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll } from "vitest";
import type { StartedServer } from "../../app/server";
import { totpCode } from "./two-factor";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const buildFile = path.resolve(fileURLToPath(new URL("../../build/index.js", import.meta.url)));
/** The server compiled to JavaScript, as `npm start` runs it (also made by `npm run build`). */
export const compiledServer = path.resolve(fileURLToPath(new URL("../../build/server.js", import.meta.url)));

/** The server serves the Remix build; without one it cannot start, so say what to do. */
export function requireBuild() {
  for (const file of [buildFile, compiledServer]) {
    if (!fs.existsSync(file)) {
      throw new Error(`These tests run the real server, which needs the build (${file}). Run \`npm run build\` first.`);
    }
  }
}

export type TestServer = { url: string; close: () => Promise<void> };

/**
 * The file's test server, started before its first test and closed after its last: the hooks
 * are registered where this is called (after `useTestDatabase()`, so the database is ready
 * first). The object is filled in when the server has started; tests read `server.url`.
 */
export function useTestServer(): TestServer {
  const server: TestServer = { url: "", close: async () => {} };
  beforeAll(async () => {
    Object.assign(server, await startTestServer());
  });
  afterAll(async () => {
    await server.close();
  });
  return server;
}

/** Starts app/server.ts in this process on a free port (run `npm run build` first). */
export async function startTestServer(): Promise<TestServer> {
  requireBuild();
  const port = await freePort();
  const saved = { PUBLIC_URL: process.env.PUBLIC_URL, SEED_DEMO: process.env.SEED_DEMO, SCHEDULER: process.env.SCHEDULER };
  // better-auth checks Origin against PUBLIC_URL's origins, read when the server builds it.
  process.env.PUBLIC_URL = `http://127.0.0.1:${port}`;
  process.env.SEED_DEMO = "0";
  // No timed jobs: tests run them with a chosen `now`. The server's own first pass (2 s after
  // start) had run its multi-table queries beside a test's truncate, and the two deadlocked.
  process.env.SCHEDULER = "0";
  let started: StartedServer;
  try {
    // Imported here, so that files wanting only freePort() do not load the whole server.
    const { startServer } = await import("../../app/server");
    started = await startServer({ port, host: "127.0.0.1" });
  } catch (err) {
    Object.assign(process.env, saved);
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // The database belongs to the test worker, not to this server.
      started.database.close = async () => {};
      await started.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

/**
 * A request as this site's own pages send it: with the Origin of the server it goes to, which
 * the server requires of every POST, PUT, PATCH and DELETE (app/services/origins.server.ts).
 * Every test that sends a form or calls better-auth over HTTP goes through here.
 */
export function fromSite(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("origin")) headers.set("origin", new URL(url).origin);
  return fetch(url, { ...init, headers });
}

const cookiePairs = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="));

/**
 * Signs in through better-auth's endpoints over HTTP and returns the Cookie header: the password,
 * then, for anyone with two-factor (every staff account from the factories), a code made from
 * their authenticator secret.
 */
export async function signIn(baseUrl: string, who: { email: string; password: string; totpSecret?: string | null }): Promise<string> {
  const { email, password } = who;
  const res = await fromSite(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in for ${email} answered ${res.status}: ${await res.text()}`);
  let cookies = cookiePairs(res);
  const body = (await res.json()) as { twoFactorRedirect?: boolean };
  if (body.twoFactorRedirect) {
    if (!who.totpSecret) throw new Error(`${email} has two-factor authentication: sign in with their totpSecret`);
    const verified = await fromSite(`${baseUrl}/api/auth/two-factor/verify-totp`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookies.join("; ") },
      body: JSON.stringify({ code: totpCode(who.totpSecret) }),
    });
    if (!verified.ok) throw new Error(`the code step for ${email} answered ${verified.status}: ${await verified.text()}`);
    cookies = cookiePairs(verified);
  }
  if (!cookies.some((c) => c.includes("session_token"))) throw new Error(`sign-in for ${email} set no session cookie`);
  return cookies.join("; ");
}

export type Client = Socket & { received: { event: string; payload: unknown }[] };

/**
 * A websocket client as the site's pages open one (Origin: the server's own, unless `origin`
 * says otherwise); with a cookie it is that person's socket, without one it is signed out.
 */
export async function openSocket(baseUrl: string, cookie?: string, options: { origin?: string } = {}): Promise<Client> {
  const socket = connect(baseUrl, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin: options.origin ?? new URL(baseUrl).origin, ...(cookie ? { cookie } : {}) },
  }) as Client;
  socket.received = [];
  socket.onAny((event: string, payload: unknown) => socket.received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

export async function join(socket: Socket, room: string): Promise<{ ok: boolean; error?: string }> {
  return socket.timeout(5_000).emitWithAck("join", room);
}

/**
 * Resolves with the first matching event received since index `since` of `socket.received`
 * (already there, or still to come). Fails after `ms`: a bound on waiting, not a timing assertion.
 */
export function waitFor<T = unknown>(
  socket: Client,
  event: string,
  match: (payload: T) => boolean = () => true,
  options: { since?: number; ms?: number } = {},
): Promise<T> {
  const { since = 0, ms = 10_000 } = options;
  const seen = socket.received.slice(since).find((r) => r.event === event && match(r.payload as T));
  if (seen) return Promise.resolve(seen.payload as T);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" event matching within ${ms} ms; received: ${JSON.stringify(socket.received)}`));
    }, ms);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

export function eventsOf(socket: Client, event: string) {
  return socket.received.filter((r) => r.event === event).map((r) => r.payload);
}
