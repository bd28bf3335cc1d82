import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { initAuth } from "../app/services/auth.server";

let handle: DatabaseHandle | undefined;

export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (handle) return handle;
  const url = process.env.TEST_DATABASE_URL;
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
