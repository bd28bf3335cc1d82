// The one way models reach the database. Routes never hold a handle: they call models, and
// models ask `database()` for whatever should run their queries — the open transaction when
// one is in progress, the process's database otherwise.
//
// `transaction(fn)` opens a transaction (a savepoint inside one already open) and makes it the
// scope for everything `fn` awaits, so a model called inside another model's transaction joins
// it instead of waiting for a second connection (with PGlite, which has one connection, that
// wait would never end). The scope follows async work through AsyncLocalStorage.
import { AsyncLocalStorage } from "node:async_hooks";
import { db, type Queryable, type Tx } from "../../db/client";
import { singleton } from "~/utils/singleton";

export type { Queryable, Tx };

// One store per process: the server entry and the Remix build each load their own copy of
// this module, and a transaction opened in one must be seen by models loaded by the other.
// Work started inside a transaction (a timer, a debounced announcement) keeps its async
// context after the transaction has ended, so the scope records whether it is still open.
type Scope = { tx: Tx; open: boolean };
const scope = singleton("transaction-scope", () => new AsyncLocalStorage<Scope>());

function openTransaction(): Tx | undefined {
  const current = scope.getStore();
  return current?.open ? current.tx : undefined;
}

/** The open transaction, or the process's database. */
export function database(): Queryable {
  return openTransaction() ?? db();
}

/** Runs `fn` in a transaction that every model it calls joins; commits when it resolves. */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database().transaction(async (tx) => {
    const current: Scope = { tx, open: true };
    try {
      return await scope.run(current, () => fn(tx));
    } finally {
      current.open = false;
    }
  });
}

/**
 * Work that must not join the caller's transaction (it outlives it, or must commit on its
 * own): a background kick started while a transaction is open, for example.
 */
export function outsideTransaction<T>(fn: () => T): T {
  return scope.exit(fn);
}

/** True while a transaction opened by `transaction()` is in progress in this async context. */
export function inTransaction(): boolean {
  return openTransaction() !== undefined;
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Independent reads that a model wants together: at once on the pool, but one after another
 * inside a transaction, whose single connection must never be asked to run two queries at once
 * (pg deprecates it: "client is already executing a query"; PGlite would queue them anyway).
 */
export async function allQueries<const T extends readonly (() => Promise<unknown>)[]>(...reads: T): Promise<Results<T>> {
  if (!inTransaction()) return (await Promise.all(reads.map((read) => read()))) as Results<T>;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results<T>;
}

/** A query drizzle can run with its placeholders' values, or prepare under a name. */
type Runnable<R> = { execute(values?: Record<string, unknown>): Promise<R>; prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } };

/**
 * A read that the pages everyone opens run on every request (the thread page), prepared once
 * per database handle and variant: drizzle builds its SQL once, not per request, and PostgreSQL
 * parses it once per connection. `make` writes the query with `sql.placeholder`s for the values;
 * a variant is a shape of the query (who is asking: nobody, staff, a member). Inside a
 * transaction the query is built for the transaction and run there, so it still joins it.
 */
export function preparedRead<V extends string, R>(name: string, make: (q: Queryable, variant: V) => Runnable<R>) {
  const byHandle = new WeakMap<Queryable, Map<V, { execute(values?: Record<string, unknown>): Promise<R> }>>();
  return (variant: V, values: Record<string, unknown>): Promise<R> => {
    const tx = openTransaction();
    if (tx) return make(tx, variant).execute(values);
    const q = db();
    let statements = byHandle.get(q);
    if (!statements) {
      statements = new Map();
      byHandle.set(q, statements);
    }
    let statement = statements.get(variant);
    if (!statement) {
      statement = make(q, variant).prepare(`${name}_${variant}`);
      statements.set(variant, statement);
    }
    return statement.execute(values);
  };
}
