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
  // A test's server may still be finishing work it started for the last test (a socket's last
  // event, a mail it queued). If PostgreSQL picks the truncate as a deadlock's victim, it has
  // changed nothing; try again once that work has ended.
  for (let attempt = 1; ; attempt++) {
    try {
      await h.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
      break;
    } catch (err) {
      if (attempt >= 3 || !isDeadlock(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
  await h.db.execute(sql.raw("alter table audit_log enable trigger user"));
}

function isDeadlock(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === "40P01") return true;
  }
  return false;
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
