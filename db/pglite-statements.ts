// Named statements for the embedded database's reads (decision 051).
//
// PGlite's `query()` sends every query as an unnamed statement, in six calls into the WebAssembly
// engine (Parse, Describe, Bind, Describe, Execute, Sync): PostgreSQL parses and plans the same
// text again on every request, and each plan looks up the size of every table and index it may
// use (an `lseek` and an `fstat` on the data folder each). PGlite has no API for named
// statements; its wire-protocol call does, so a read is parsed once under a name and each later
// run sends Bind, Describe, Execute and Sync to that name in one call, as node-postgres does on a
// real server with drizzle's `.prepare()`. PostgreSQL's plan cache then decides, as it does for
// any prepared statement, when a generic plan can be reused.
//
// Only reads (`select …`) outside a transaction take this path. Everything else, and every
// query inside a transaction (PGlite's `Transaction` runs its own queries), keeps PGlite's own.
// The exchange runs under PGlite's own locks, so it never interleaves with another query's six
// calls or a transaction.
//
// PGlite itself is passed in: the server loads it only when the embedded database is opened.
import type { PGlite, QueryOptions, Results } from "@electric-sql/pglite";

type PgliteModule = Pick<typeof import("@electric-sql/pglite"), "parse" | "protocol">;

/** How many statements one database keeps named; the least recently used is closed beyond it. */
export const NAMED_STATEMENTS = 200;

type Named = { name: string; paramTypes: number[] };

// PGlite's locks and its instance's type maps: public on the class, not in its types.
type Internals = {
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  serializers: Record<number, (value: unknown) => string>;
  parsers: Record<number, (value: string, typeId: number) => unknown>;
};

// A statement PostgreSQL no longer has (26000), or one whose result columns changed under it
// after a schema change (0A000, "cached plan must not change result type"): named afresh.
const STALE = new Set(["26000", "0A000"]);

/**
 * Makes `client.query` run reads as named statements. Returns a function that says how many
 * statements are named now (for tests).
 */
export function nameReadStatements(client: PGlite, { parse, protocol }: PgliteModule, limit = NAMED_STATEMENTS): () => number {
  const pg = client as unknown as PGlite & Internals;
  const ownQuery = client.query.bind(client);
  const named = new Map<string, Named>();
  let counter = 0;
  const { serialize } = protocol;

  async function prepare(text: string, options?: QueryOptions): Promise<Named> {
    const name = `vvf_read_${++counter}`;
    const { messages } = await pg.execProtocol(
      Buffer.concat([serialize.parse({ name, text, types: options?.paramTypes }), serialize.describe({ type: "S", name }), serialize.sync()]),
      { syncToFs: false },
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    named.set(text, statement);
    if (named.size > limit) {
      const [oldestText, oldest] = named.entries().next().value as [string, Named];
      named.delete(oldestText);
      await pg.execProtocol(Buffer.concat([serialize.close({ type: "S", name: oldest.name }), serialize.sync()]), { syncToFs: false });
    }
    return statement;
  }

  async function run<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    let statement = named.get(text);
    if (statement) {
      // Most recently used last, so that the first is the one to close.
      named.delete(text);
      named.set(text, statement);
    } else {
      statement = await prepare(text, options);
    }
    const types = statement.paramTypes;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = options?.serializers?.[types[i]] ?? pg.serializers[types[i]];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await pg.execProtocol(
      Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
      { syncToFs: false },
    );
    return parse.parseResults(messages, pg.parsers, options)[0] as Results<T>;
  }

  client.query = async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (!/^\s*select\b/i.test(text) || options?.blob) return ownQuery<T>(text, params, options);
    await pg._checkReady();
    try {
      return await pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => run<T>(text, params, options)));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !STALE.has(code) || !named.has(text)) throw error;
      named.delete(text);
      return ownQuery<T>(text, params, options);
    }
  } as PGlite["query"];

  return () => named.size;
}
