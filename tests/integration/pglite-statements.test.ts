// The embedded database's reads as named statements (db/pglite-statements.ts, decision 051):
// a reader gets exactly what PGlite's own query() gives, sees every change on the next read,
// and PostgreSQL parses each read once instead of on every request. Checked on an in-memory
// PGlite, as the server opens it.
import * as pglite from "@electric-sql/pglite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nameReadStatements } from "../../db/pglite-statements";

let client: pglite.PGlite;
let ownQuery: pglite.PGlite["query"];
let namedCount: () => number;

const ID = "6b1e1f5e-1111-4111-8111-111111111111";
const READ = "select id, n, at, details from item where n >= $1 order by n";

beforeEach(async () => {
  client = new pglite.PGlite();
  await client.waitReady;
  ownQuery = client.query.bind(client);
  namedCount = nameReadStatements(client, pglite, 3);
  await client.exec("create table item (id uuid primary key, n int not null, at timestamptz, details jsonb)");
  await ownQuery("insert into item values ($1, 1, $2, $3)", [ID, new Date("2026-01-01T09:30:00Z"), JSON.stringify({ tag: "first" })]);
});

afterEach(async () => {
  await client.close();
});

/** How often PostgreSQL has run each named statement, and with which kind of plan. */
async function preparedStatements() {
  const { rows } = await ownQuery<{ name: string; runs: number }>(
    "select name, (generic_plans + custom_plans)::int as runs from pg_prepared_statements order by name",
  );
  return rows;
}

describe("reads on the embedded database", () => {
  it("give the same rows, fields and types as PGlite's own query, as objects and as arrays", async () => {
    const own = await ownQuery(READ, [0]);
    const named = await client.query(READ, [0]);
    expect(named.rows).toEqual(own.rows);
    expect(named.rows[0]).toEqual({ id: ID, n: 1, at: new Date("2026-01-01T09:30:00Z"), details: { tag: "first" } });
    expect(named.fields).toEqual(own.fields);
    const asArrays = await client.query(READ, [0], { rowMode: "array" });
    expect(asArrays.rows).toEqual([[ID, 1, new Date("2026-01-01T09:30:00Z"), { tag: "first" }]]);
  });

  it("are parsed once and run again by name, and see each change on the next read", async () => {
    expect((await client.query(READ, [0])).rows).toHaveLength(1);
    await client.query("insert into item values (gen_random_uuid(), 2, null, null)");
    expect((await client.query(READ, [0])).rows.map((r) => (r as { n: number }).n)).toEqual([1, 2]);
    await client.query("delete from item where n = 1");
    expect((await client.query(READ, [0])).rows.map((r) => (r as { n: number }).n)).toEqual([2]);
    expect(namedCount()).toBe(1);
    expect(await preparedStatements()).toEqual([{ name: expect.stringMatching(/^vvf_read_/), runs: 3 }]);
  });

  it("report a database error with its code, and the next read still works", async () => {
    await expect(client.query("select * from item where id = $1", ["not-an-id"])).rejects.toMatchObject({ code: "22P02" });
    expect((await client.query(READ, [0])).rows).toHaveLength(1);
  });

  it("keep at most their limit named, closing the least recently used", async () => {
    for (let i = 0; i < 6; i++) expect((await client.query(`select ${i}::int as x where $1::int = 1`, [1])).rows).toEqual([{ x: i }]);
    expect(namedCount()).toBe(3);
    expect(await preparedStatements()).toHaveLength(3);
  });

  it("still answer after the table changes shape under a named read", async () => {
    const all = "select * from item where n = $1";
    await client.query(all, [1]);
    await client.exec("alter table item add column note text");
    expect((await client.query(all, [1])).rows[0]).toMatchObject({ id: ID, note: null });
  });

  it("wait for an open transaction and read what it committed", async () => {
    const writing = client.transaction(async (tx) => {
      await tx.query("update item set n = 5");
      await new Promise((resolve) => setTimeout(resolve, 30));
      await tx.query("update item set n = 7");
    });
    const reads = await Promise.all(Array.from({ length: 5 }, () => client.query<{ n: number }>("select n from item where id = $1", [ID])));
    await writing;
    expect(reads.map((r) => r.rows[0].n)).toEqual([7, 7, 7, 7, 7]);
  });

  it("leave writes and transactions to PGlite's own query", async () => {
    await client.query("update item set n = 3 where id = $1", [ID]);
    await client.transaction(async (tx) => {
      await tx.query("select n from item");
    });
    expect(namedCount()).toBe(0);
    expect(await preparedStatements()).toEqual([]);
  });
});
