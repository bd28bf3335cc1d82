// One Drizzle instance per process: PGlite in ./data by default, PostgreSQL when DATABASE_URL
// is set. The instance is a process-wide singleton because the server entry and the Remix
// build each load their own copy of this module.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import lockfile from "proper-lockfile";
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
  close: () => Promise<void>;
};

export type OpenOptions = {
  /** PostgreSQL connection string; when absent PGlite is used. */
  url?: string;
  /** PGlite data folder; `null` means in memory (tests). */
  dataDir?: string | null;
};

export class DatabaseLockedError extends Error {}

const KEY = "database";

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const existing = getSingleton<DatabaseHandle>(KEY);
  if (existing) return existing;

  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    const handle: DatabaseHandle = {
      db: drizzlePg(pool, { schema }),
      kind: "postgres",
      close: async () => {
        await pool.end();
        setSingleton(KEY, undefined);
      },
    };
    return setSingleton(KEY, handle);
  }

  if (options.dataDir === null) {
    const client = new PGlite();
    const handle: DatabaseHandle = {
      db: drizzlePglite(client, { schema }) as unknown as Db,
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
  // PGlite has no lock of its own: a second process opening the same folder corrupts it.
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dbDir, {
      lockfilePath: path.join(dataDir, "pglite.lock"),
      stale: 15_000,
      update: 5_000,
      onCompromised: (err) => console.error("[db] the lock on the database folder was lost:", err.message),
    });
  } catch (err) {
    if ((err as { code?: string }).code === "ELOCKED") {
      throw new DatabaseLockedError(
        `The embedded database in ${dataDir} is already open in another process. ` +
          "Stop the other server (or script) first, or set DATABASE_URL to use PostgreSQL.",
      );
    }
    throw err;
  }
  const client = new PGlite(dbDir);
  await client.waitReady;
  const handle: DatabaseHandle = {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    dataDir,
    close: async () => {
      await client.close();
      await release();
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

export { schema };
