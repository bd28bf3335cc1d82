import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { initAuth } from "../app/services/auth.server";

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
  const named = new URL(url);
  const name = `${named.pathname.slice(1) || "test"}_w${process.env.VITEST_POOL_ID ?? "1"}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (!found.rowCount) await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  named.pathname = `/${name}`;
  workerUrl = named.href;
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
