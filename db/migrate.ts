import { fileURLToPath } from "node:url";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { DatabaseHandle } from "./client";

// "../db/migrations" from this file's folder: the same folder whether this runs as db/migrate.ts
// or bundled into build/server.js (`npm run build`; the repository root is one level up from both).
const migrationsFolder = fileURLToPath(new URL("../db/migrations", import.meta.url));

/**
 * The PostgreSQL advisory lock every process takes before it migrates ("vvf" and 1). Drizzle's
 * migrator reads the last applied migration and then applies the rest, so two processes starting
 * together (two machines in a deployment, or a restart beside a running one) would both apply
 * the same migration and one of them would fail to start. Under the lock the second waits, then
 * finds nothing left to apply.
 */
export const MIGRATION_LOCK = 0x76766601;

/** Applies pending migrations; the same files serve PGlite and PostgreSQL. */
export async function migrateDatabase(handle: DatabaseHandle) {
  if (handle.kind === "pglite") {
    // Loaded only for the embedded database, as db/client.ts loads PGlite itself (one process
    // owns its folder, so no lock is needed).
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(handle.db as unknown as PgliteDatabase<Record<string, unknown>>, { migrationsFolder });
    return;
  }
  // The lock belongs to a connection: the migrations run on that same connection, so a pool of
  // one (DATABASE_POOL_SIZE=1) cannot wait on itself.
  if (!handle.pool) throw new Error("A PostgreSQL database handle needs its pool to migrate.");
  const client = await handle.pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } catch (err) {
    // A broken connection is dropped rather than returned to the pool; its lock goes with it.
    client.release(true);
    throw err;
  }
  await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  client.release();
}
