import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { initAuth } from "../app/services/auth.server";
import { databaseOnTestServer } from "./support/processes";

let handle: DatabaseHandle | undefined;
let workerUrl: string | undefined;

/**
 * On PostgreSQL, each Vitest worker has a database of its own on TEST_DATABASE_URL's server,
 * named after that database and the worker ("test_w1", "test_w2"), so files run side by side
 * there as they do on PGlite. Made when missing; emptied by the migrations' first run below.
 */
export async function testDatabaseUrl(): Promise<string | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  if (workerUrl) return workerUrl;
  const name = `${new URL(url).pathname.slice(1) || "test"}_w${process.env.VITEST_POOL_ID ?? "1"}`;
  workerUrl = await databaseOnTestServer(name);
  return workerUrl;
}

export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (handle) return handle;
  const url = await testDatabaseUrl();
  handle = await openDatabase(url ? { url } : { dataDir: null });
  if (url) {
    // Start from an empty schema so the migrations themselves are exercised on PostgreSQL.
    for (const statement of ["drop schema if exists public cascade", "drop schema if exists drizzle cascade", "create schema public"]) {
      await handle.db.execute(sql.raw(statement));
    }
  }
  await migrateDatabase(handle);
  initAuth("test-secret-test-secret-test-secret-0123456789");
  return handle;
}

/** Empties every table (the audit log's append-only trigger is lifted for this alone). */
export async function resetDatabase(h: DatabaseHandle) {
  const rows = await h.db.execute<{ tablename: string }>(sql.raw("select tablename from pg_tables where schemaname = 'public'"));
  const tables = (rows as unknown as { rows?: { tablename: string }[] }).rows ?? (rows as unknown as { tablename: string }[]);
  const names = tables.map((t) => `"${t.tablename}"`).join(", ");
  if (!names) return;
  await h.db.execute(sql.raw("alter table audit_log disable trigger user"));
  await h.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
  await h.db.execute(sql.raw("alter table audit_log enable trigger user"));
}

/** Opens the worker's database once and empties it before each test. */
export function useTestDatabase() {
  beforeAll(async () => {
    await openTestDatabase();
  });
  beforeEach(async () => {
    await resetDatabase(handle!);
  });
  afterAll(async () => {
    // The handle stays open for the worker's other files; the process ends it.
  });
}
