// Counts the SQL a real page request runs. The database is opened in this process (no server
// holds the folder), the driver under Drizzle is wrapped so every statement is recorded, and
// requests go through the production Remix build (build/index.js) with @remix-run/node's
// request handler: every loader on the page runs exactly as it does in the
// server, including the root loader and better-auth's session lookup.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DatabaseHandle } from "../../db/client";
import { BenchError } from "./harness";

type Client = {
  query: (...args: unknown[]) => Promise<unknown>;
  exec: (...args: unknown[]) => Promise<unknown>;
  transaction: (fn: (tx: Client) => Promise<unknown>) => Promise<unknown>;
};

export type QueryLog = { sql: string }[];

/**
 * Wraps the driver under Drizzle (`$client`) so every statement is noted: PGlite's
 * query/exec/transaction, or the node-postgres pool's query (what Drizzle uses outside
 * transactions, i.e. in every loader).
 */
export function instrumentDatabase(handle: DatabaseHandle) {
  const client = (handle.db as unknown as { $client: Client }).$client;
  if (!client?.query) throw new Error("Drizzle did not expose its database client as $client");
  let log: QueryLog | null = null;
  const note = (statement: unknown) => {
    const text = typeof statement === "string" ? statement : (statement as { text?: string } | undefined)?.text;
    if (log) log.push({ sql: String(text).replace(/\s+/g, " ").trim() });
  };
  const wrap = (target: Client, methods: ("query" | "exec")[]) => {
    for (const method of methods) {
      const original = target[method].bind(target);
      target[method] = (...args: unknown[]) => {
        note(args[0]);
        return original(...args);
      };
    }
  };
  if (handle.kind === "postgres") {
    wrap(client, ["query"]);
  } else {
    wrap(client, ["query", "exec"]);
    const transaction = client.transaction.bind(client);
    client.transaction = (fn) =>
      transaction((tx) => {
        note("BEGIN (transaction)");
        wrap(tx, ["query", "exec"]);
        return fn(tx);
      });
  }
  return {
    /** Runs `fn` and returns the statements it sent to the database. */
    async record<T>(fn: () => Promise<T>): Promise<{ value: T; queries: QueryLog }> {
      if (log) throw new Error("record() calls must not overlap: counts would mix");
      log = [];
      try {
        const value = await fn();
        return { value, queries: log };
      } finally {
        log = null;
      }
    },
  };
}

export type PageHandler = (url: string, headers?: Record<string, string>) => Promise<{ status: number; body: string }>;

/** The production Remix build as a function from URL to page, without an HTTP server. */
export async function loadRemixHandler(root: string): Promise<PageHandler> {
  const { createRequestHandler } = await import("@remix-run/node");
  const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);
  const { runInRequestScope } = await import("../../app/services/request-scope.server");
  const handle = createRequestHandler(build, "production");
  return async (url, headers = {}) => {
    // One request scope per page, as app/server.ts opens for every HTTP request.
    // As app/server.ts says: a page load, unless it is a data request (`….data`), so that the
    // posts' markup travels in the HTML only, as it does through the server.
    const pageLoad = !new URL(url).pathname.endsWith(".data");
    const response = await runInRequestScope(() => handle(new Request(url, { headers }), { cspNonce: "bench-nonce", pageLoad }));
    return { status: response.status, body: await response.text() };
  };
}

/** Signs in through better-auth in this process and returns the Cookie header to send. */
export async function signInInProcess(email: string, password: string): Promise<string> {
  const { auth } = await import("../../app/services/auth.server");
  const response = await auth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new BenchError(`In-process sign-in for ${email} failed: ${response.status} ${await response.text()}`);
  return cookieHeader(response.headers.getSetCookie());
}

/** "a=1; Path=/; HttpOnly" × n → "a=1; b=2" */
export function cookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(";")[0]).join("; ");
}

/** Shortens a statement for the report: the verb and the tables it reads. */
export function summariseQuery(sql: string): string {
  const verb = sql.split(" ")[0].toLowerCase();
  const tables = [...new Set([...sql.matchAll(/(?:from|join|into|update)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]))];
  return `${verb} ${tables.join(", ")}`.trim();
}
