// Losing PostgreSQL (issue 15, item 1): a real server process (production mode, after `npm run
// build`) on a PostgreSQL database of this file's own, whose connections the test terminates
// between requests, in the middle of one, and for a whole outage. The process must live, answer
// meanwhile with 503, Retry-After and the site's own page, and recover by itself.
//
// PostgreSQL at 127.0.0.1:5432 runs wherever this project's tests run, so this file uses it on
// both passes of the integration suite (PGlite and TEST_DATABASE_URL).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, thread } from "../../db/schema/threads";
import { renderMarkdown } from "../../app/services/markdown.server";
import { makeForum, makeUser, type MadeUser } from "../factories";
import { processCluster, type ServerProcess } from "../support/processes";
import { fromSite, join, openSocket, signIn } from "../support/server";

let cluster: Awaited<ReturnType<typeof processCluster>>;
let server: ServerProcess;
let member: MadeUser;
let cookie: string;
let threadId: string;
let dbName: string;

const TERMINATE_OTHERS = "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()";

beforeAll(async () => {
  // No Redis and no page cache: every request below reaches the database.
  cluster = await processCluster("vvf_outage_test", { REDIS_URL: "", PAGE_CACHE_MS: "0" });
  dbName = new URL(cluster.url).pathname.slice(1);
  const q = cluster.db;
  const forum = await makeForum(q, { name: "Outage forum", slug: "outage-forum" });
  member = await makeUser(q, { name: "Steady Member", forumIds: [forum.id] });
  const [t] = await q.insert(thread).values({ forumId: forum.id, authorId: member.id, title: "Waiting for a call back", visibility: "public", published: true }).returning();
  const text = "Nobody rang back for three weeks.";
  await q.insert(post).values({ threadId: t.id, authorId: member.id, isOpening: true, bodySource: text, bodyHtml: renderMarkdown(text), status: "approved", approvedAt: new Date() });
  threadId = t.id;
  server = await cluster.start("outage");
  cookie = await signIn(server.url, member);
});

afterAll(async () => {
  await cluster?.close();
});

/** A connection of the test's own to the cluster's database. */
async function connection(url = cluster.url) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function terminateEveryConnection() {
  const c = await connection();
  try {
    await c.query(TERMINATE_OTHERS);
  } finally {
    await c.end();
  }
}

const threadPage = () => fetch(`${server.url}/threads/${threadId}`, { headers: { cookie } });

async function expectServiceUnavailablePage(res: Response) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  const html = await res.text();
  // The site's own page: its layout and a plain-English message, never internals.
  expect(html).toContain("Sorry, the service is unavailable for a moment");
  expect(html).toContain("Exit this page");
  expect(html).not.toMatch(/57P01|terminating connection|ECONNREFUSED/);
}

/** Asks until the thread page answers 200 (bounded: recovery is by itself, within seconds). */
async function waitForRecovery() {
  const statuses: number[] = [];
  for (let i = 0; i < 100; i++) {
    const res = await threadPage();
    statuses.push(res.status);
    if (res.status === 200) {
      expect(await res.text()).toContain("Nobody rang back for three weeks.");
      return statuses;
    }
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not recover: ${statuses.join(", ")}\n${server.output.join("")}`);
}

const alive = () => server.child.exitCode === null && server.child.signalCode === null;

describe("losing PostgreSQL connections", () => {
  it("terminating every connection between requests: the process lives and the next requests succeed", async () => {
    expect((await threadPage()).status).toBe(200);
    await terminateEveryConnection();
    const statuses = await waitForRecovery();
    // Never a 500: a request that met a terminated idle connection is a 503.
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    for (let i = 0; i < 5; i++) expect((await threadPage()).status).toBe(200);
    expect(alive()).toBe(true);
  }, 120_000);

  it("a request whose connection is terminated while in use gets 503 with Retry-After and the site's page", async () => {
    // Hold a lock the page needs, so its query waits on a checked-out connection, then end
    // every connection but the lock holder's.
    const holder = await connection();
    await holder.query("begin");
    await holder.query('lock table "session" in access exclusive mode');
    const pending = threadPage();
    for (let i = 0; i < 200; i++) {
      const { rows } = await holder.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await holder.query(TERMINATE_OTHERS);
    await holder.query("rollback");
    await holder.end();

    await expectServiceUnavailablePage(await pending);
    expect(alive()).toBe(true);
    await waitForRecovery();
    expect(alive()).toBe(true);
  }, 120_000);

  it("a reply sent while the database refuses connections gets 503, is not stored, and the site recovers by itself", async () => {
    const socket = await openSocket(server.url, cookie);
    const admin = await connection(Object.assign(new URL(cluster.url), { pathname: "/postgres" }).href);
    try {
      await admin.query(`alter database "${dbName}" allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [dbName]);

      await expectServiceUnavailablePage(await threadPage());
      const reply = await fromSite(`${server.url}/threads/${threadId}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "reply", body: "Written while the database was away." }),
        redirect: "manual",
      });
      await expectServiceUnavailablePage(reply);
      // A live page joining its room meanwhile is refused, without ending the process.
      expect(await join(socket, `thread:${threadId}`)).toEqual({ ok: false, error: "unavailable" });
      expect(alive()).toBe(true);
    } finally {
      await admin.query(`alter database "${dbName}" allow_connections true`);
      await admin.end();
    }
    await waitForRecovery();
    expect(await join(socket, `thread:${threadId}`)).toEqual({ ok: true });
    socket.disconnect();
    const stored = await cluster.db.select({ body: post.bodySource }).from(post);
    expect(stored.map((p) => p.body)).not.toContain("Written while the database was away.");
    // The outage was logged in one line, not once per connection.
    const log = server.output.join("");
    expect(log).toContain("[db] lost a PostgreSQL connection");
    expect(log).not.toContain("Unhandled 'error' event");
  }, 120_000);
});
