import { fileURLToPath } from "node:url";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { DatabaseHandle } from "./client";

// "../db/migrations" from this file's folder: the same folder whether this runs as db/migrate.ts
// or bundled into build/server.js (`npm run build`; the repository root is one level up from both).
const migrationsFolder = fileURLToPath(new URL("../db/migrations", import.meta.url));

/** Applies pending migrations; the same files serve PGlite and PostgreSQL. */
export async function migrateDatabase(handle: DatabaseHandle) {
  if (handle.kind === "pglite") {
    // Loaded only for the embedded database, as db/client.ts loads PGlite itself.
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(handle.db as unknown as PgliteDatabase<Record<string, unknown>>, { migrationsFolder });
  } else {
    await migratePg(handle.db, { migrationsFolder });
  }
}
