// Two processes starting together on one empty PostgreSQL database (two machines of a
// deployment, or a restart beside a running process) each migrate it as they start
// (db/migrate.ts). Drizzle's migrator reads the last applied migration before it applies the
// rest, so without a lock both would apply the first migration and one would fail to start.
// This runs on the test PostgreSQL server in both passes of the integration suite: the embedded
// database belongs to one process and cannot be started twice.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client";
import { MIGRATION_LOCK, migrateDatabase } from "../../db/migrate";
import * as schema from "../../db/schema/index";
import { emptyDatabase } from "../support/processes";

const migrations = readdirSync(path.resolve(fileURLToPath(new URL("../../db/migrations", import.meta.url)))).filter((f) => f.endsWith(".sql"));
const pools: pg.Pool[] = [];
const drops: (() => Promise<void>)[] = [];

/** A handle as db/client.ts makes one for DATABASE_URL, on a pool of its own (one process). */
function processHandle(url: string, max = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max });
  // The databases are dropped with their connections at the end: idle ones then report it here.
  pool.on("error", () => undefined);
  pools.push(pool);
  return { db: drizzle(pool, { schema }), kind: "postgres", pool, close: () => pool.end() };
}

afterAll(async () => {
  // Dropped first, with their connections (`with (force)`), so a failed migration that left a
  // connection waiting cannot keep the databases behind.
  for (const drop of drops) await drop();
  await Promise.all(pools.map((p) => p.end()));
});

describe("migrating one PostgreSQL database from several processes at once", () => {
  it("lets every process start, and applies each migration once", async () => {
    const { url, drop } = await emptyDatabase("migrate_together");
    drops.push(drop);
    const handles = [processHandle(url), processHandle(url), processHandle(url)];
    const results = await Promise.allSettled(handles.map((h) => migrateDatabase(h)));
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "started"))).toEqual(["started", "started", "started"]);

    const check = pools[0];
    const applied = await check.query<{ hash: string; n: string }>("select hash, count(*) as n from drizzle.__drizzle_migrations group by hash");
    expect(applied.rows).toHaveLength(migrations.length);
    expect(applied.rows.every((r) => r.n === "1")).toBe(true);
    // The schema is there, and the lock was given back: nobody holds it once they have started.
    expect((await check.query("select count(*)::int as n from public.\"user\"")).rows[0].n).toBe(0);
    const held = await check.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and database = (select oid from pg_database where datname = current_database())", [MIGRATION_LOCK]);
    expect(held.rows[0].n).toBe(0);
  });

  it("works with a pool of one connection, and a later start finds nothing to apply", async () => {
    const { url, drop } = await emptyDatabase("migrate_pool_one");
    drops.push(drop);
    await migrateDatabase(processHandle(url, 1));
    const later = processHandle(url, 1);
    await migrateDatabase(later);
    const applied = await later.pool!.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(applied.rows[0].n).toBe(migrations.length);
  });
});
