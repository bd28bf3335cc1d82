// One Drizzle instance per process: PGlite in ./data by default, PostgreSQL when DATABASE_URL
// is set. The instance is a process-wide singleton because the server entry and the Remix
// build each load their own copy of this module.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { PGlite as PGliteClient } from "@electric-sql/pglite";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { acquireLock, LockHeldError } from "./pglite-lock";
import { nameReadStatements } from "./pglite-statements";
import * as schema from "./schema/index";
import { getSingleton, setSingleton } from "../app/utils/singleton";

/** Both drivers expose the same query builder; the node-postgres type stands for both. */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DatabaseHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the embedded database lives (undefined for PostgreSQL and in-memory PGlite). */
  dataDir?: string;
  /** Which PostgreSQL server and database (never the password); undefined for PGlite. */
  server?: { host: string; port: number; database: string };
  /** PostgreSQL's connection pool, for work that must hold one connection (db/migrate.ts); undefined for PGlite. */
  pool?: pg.Pool;
  close: () => Promise<void>;
};

export type OpenOptions = {
  /** PostgreSQL connection string; when absent PGlite is used. */
  url?: string;
  /** PGlite data folder; `null` means in memory (tests). */
  dataDir?: string | null;
};

export class DatabaseLockedError extends Error {}

/**
 * PostgreSQL error codes and socket errors that mean the connection (or the whole server) went
 * away, not that the query was wrong: the request may succeed once the database is back.
 * 57P01–57P03 admin/crash shutdown and "cannot connect now", 08xxx connection exceptions,
 * 53300 too many connections.
 */
const CONNECTION_CODES = new Set(["57P01", "57P02", "57P03", "53300", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
const CONNECTION_MESSAGES = /Connection terminated|is not currently accepting connections|the database system is|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|terminating connection/i;

/** True when `err` (or what it wraps: drizzle wraps driver errors in `cause`) is a lost or refused database connection. */
export function isConnectionLost(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object") return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    if (e instanceof AggregateError && e.errors.some(isConnectionLost)) return true;
    if (e instanceof Error && CONNECTION_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * A lost connection is logged once per outage, not once per client: when PostgreSQL restarts,
 * every pooled connection reports it at the same moment.
 */
let outageLogged = false;
export function logConnectionLost(err: Error) {
  if (outageLogged) return;
  outageLogged = true;
  console.error(`[db] lost a PostgreSQL connection (${(err as { code?: string }).code ?? err.message}); requests get 503 until it is back`);
}
function connectionWorks() {
  if (outageLogged) console.log("[db] PostgreSQL connections work again");
  outageLogged = false;
}

const KEY = "database";

/**
 * PostgreSQL settings for the embedded database, on top of PGlite's own (decision 041).
 * PGlite allocates PostgreSQL's shared memory inside its WebAssembly memory and zero-fills it at
 * start, so every megabyte of `shared_buffers` is a resident megabyte of this process from the
 * first second: PostgreSQL's default of 128 MB made the idle server about 120 MB bigger. The
 * table files are read through Node's filesystem, so pages that do not fit are still served
 * from the operating system's page cache (a read call, not a disk access). `max_connections`
 * sizes the lock and process tables; PGlite runs one backend in single-user mode.
 */
export const PGLITE_SETTINGS = ["shared_buffers=16MB", "max_connections=4"];

/**
 * PGlite and its drizzle driver, loaded only when the embedded database is opened: on
 * PostgreSQL the process never loads them (about 9 MB of heap, issue 13).
 */
async function openPglite(dataDir?: string): Promise<{ client: PGliteClient; db: Db }> {
  // PostgreSQL's WebAssembly compiled once, by the optimising compiler, instead of first by the
  // baseline compiler and then again for hot functions: both sets of machine code were kept,
  // 17 MB more resident for the same queries; start-up takes about a second longer. PGlite is
  // the process's only WebAssembly, and V8 reads this flag when a module is compiled.
  v8.setFlagsFromString("--no-liftoff");
  const [pglite, { drizzle }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const { PGlite } = pglite;
  const options = { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])] };
  const client = dataDir === undefined ? new PGlite(options) : new PGlite(dataDir, options);
  await client.waitReady;
  nameReadStatements(client, pglite);
  return { client, db: drizzle(client, { schema }) as unknown as Db };
}

/**
 * The host, port and database a connection string names, read as pg reads it (a client is
 * made, never connected): no user name and no password.
 */
export function serverOf(url: string): NonNullable<DatabaseHandle["server"]> {
  const client = new pg.Client({ connectionString: url });
  return { host: client.host, port: client.port, database: client.database ?? "" };
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const existing = getSingleton<DatabaseHandle>(KEY);
  if (existing) return existing;

  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A request waits at most this long for a connection while the database is away.
      connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000),
    });
    // Without these listeners a terminated connection is an unhandled 'error' event, which ends
    // the process. The pool's listener covers idle clients; a client that is checked out (a
    // query or a transaction in progress) reports on itself, so every client gets one too. The
    // query in progress still rejects, and the pool drops the broken client when it is released.
    pool.on("error", logConnectionLost);
    pool.on("connect", (client) => {
      client.on("error", logConnectionLost);
      connectionWorks();
    });
    const handle: DatabaseHandle = {
      db: drizzlePg(pool, { schema }),
      kind: "postgres",
      server: serverOf(options.url),
      pool,
      close: async () => {
        await pool.end();
        setSingleton(KEY, undefined);
      },
    };
    return setSingleton(KEY, handle);
  }

  if (options.dataDir === null) {
    const { client, db } = await openPglite();
    const handle: DatabaseHandle = {
      db,
      kind: "pglite",
      close: async () => {
        await client.close();
        setSingleton(KEY, undefined);
      },
    };
    return setSingleton(KEY, handle);
  }

  const dataDir = path.resolve(options.dataDir ?? "data");
  const dbDir = path.join(dataDir, "pglite");
  // PGlite does not create parent folders.
  fs.mkdirSync(dbDir, { recursive: true });
  // PGlite has no lock of its own: a second process opening the same folder corrupts it. The
  // lock names its process, so one left by a crash is taken over at once (db/pglite-lock.ts).
  let release: () => void;
  try {
    release = acquireLock(path.join(dataDir, "pglite.pid"));
  } catch (err) {
    if (err instanceof LockHeldError) {
      throw new DatabaseLockedError(
        `The embedded database in ${dataDir} is already open in another process (${err.message}). ` +
          "Stop the other server (or script) first, or set DATABASE_URL to use PostgreSQL.",
      );
    }
    throw err;
  }
  let opened: Awaited<ReturnType<typeof openPglite>>;
  try {
    opened = await openPglite(dbDir);
  } catch (err) {
    release();
    throw err;
  }
  const { client, db } = opened;
  const handle: DatabaseHandle = {
    db,
    kind: "pglite",
    dataDir,
    close: async () => {
      await client.close();
      release();
      setSingleton(KEY, undefined);
    },
  };
  return setSingleton(KEY, handle);
}

/** The process's database. The server entry (or test setup) opens it before anything asks. */
export function db(): Db {
  const handle = getSingleton<DatabaseHandle>(KEY);
  if (!handle) throw new Error("The database has not been opened: call openDatabase() at start.");
  return handle.db;
}

export function databaseKind(): DatabaseHandle["kind"] {
  return getSingleton<DatabaseHandle>(KEY)?.kind ?? "pglite";
}

/** Which database this process runs on, for the admin page: never a password. */
export type RunningDatabase =
  | { kind: "pglite"; dataDir: string | null }
  | { kind: "postgres"; host: string; port: number; database: string };

export function runningDatabase(): RunningDatabase {
  const handle = getSingleton<DatabaseHandle>(KEY);
  if (!handle) throw new Error("The database has not been opened: call openDatabase() at start.");
  if (handle.kind === "pglite") return { kind: "pglite", dataDir: handle.dataDir ?? null };
  return { kind: "postgres", ...(handle.server ?? { host: "", port: 5432, database: "" }) };
}

export { schema };
