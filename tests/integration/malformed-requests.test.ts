// Bad requests to every form action (issue 15, item 5; docs/decisions/035-malformed-requests-are-refused-before-routes.md),
// against the real server: a JSON, plain-text, truncated multipart or 2 MB body, a NUL byte in
// a field, a number too large for the database. Each is answered with a 4xx and the site's own
// page (never a 500), and nothing is written. The actions are every route in the Remix build
// that has one, so a new action is covered without touching this file.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { Parser } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { db } from "../../db/client";
import { useTestDatabase } from "../db";
import { makeOfficer, makeUser, type MadeUser } from "../factories";
import { makeCast, pendingThread, publishedThread } from "../support/threads";
import { fromSite, signIn, startTestServer, type TestServer } from "../support/server";

useTestDatabase();

let server: TestServer;
let actionPaths: string[];

beforeAll(async () => {
  server = await startTestServer();
  const buildFile = pathToFileURL(path.resolve(fileURLToPath(new URL("../../build/index.js", import.meta.url)))).href;
  const build = (await import(buildFile)) as ServerBuild;
  // Every route with an action, as its full path pattern (its parents' paths before its own).
  const fullPath = (id: string): string => {
    const route = build.routes[id];
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  actionPaths = Object.keys(build.routes)
    .filter((id) => build.routes[id].module.action)
    .map((id) => `/${fullPath(id)}`)
    .sort();
});

afterAll(async () => {
  await server?.close();
});

/** Rows in every table but those that signing in or a refused request may touch (sessions, limits). */
async function rowCounts(): Promise<Record<string, number>> {
  const result = await db().execute<{ tablename: string }>(sql.raw("select tablename from pg_tables where schemaname = 'public' order by tablename"));
  const tables = ((result as unknown as { rows?: { tablename: string }[] }).rows ?? (result as unknown as { tablename: string }[])).map((t) => t.tablename);
  const counts: Record<string, number> = {};
  for (const table of tables.filter((t) => !["session", "verification", "rate_limit", "sign_in_attempt"].includes(t))) {
    const rows = await db().execute<{ n: number }>(sql.raw(`select count(*)::int as n from "${table}"`));
    counts[table] = ((rows as unknown as { rows?: { n: number }[] }).rows ?? (rows as unknown as { n: number }[]))[0].n;
  }
  return counts;
}

type World = { paths: string[]; cookieFor: (pattern: string) => string | undefined };

/**
 * A person in every role, signed in, and something real behind each kind of address, so that
 * the requests reach the actions' forms (an unknown address is a 404 page, which is also a 4xx).
 */
async function world(): Promise<World> {
  const cast = await makeCast();
  const { thread } = await publishedThread(cast);
  const pending = await pendingThread(cast);
  const officer: MadeUser = await makeOfficer(db(), { borough: "havering" });
  const unknown = "00000000-0000-4000-8000-000000000000";
  const cookies = {
    member: await signIn(server.url, cast.made.author),
    moderator: await signIn(server.url, cast.made.moderator),
    admin: await signIn(server.url, cast.made.admin),
    met: await signIn(server.url, cast.made.met),
    officer: await signIn(server.url, officer),
    // Between the password and the code: what /login/code takes.
    codeStep: await passwordOnly(cast.made.moderator2),
  };
  const values: Record<string, string> = {
    id: thread.id,
    postId: pending.post.id,
    slug: cast.forum.slug,
    token: "unknown-token",
    borough: "havering",
    itemId: unknown,
  };
  // The thing each address names: a thread where threads are meant, a forum for forum pages.
  const idFor = (pattern: string) => {
    if (/^\/(threads|respond\/threads|moderation\/threads)\//.test(pattern)) return thread.id;
    if (/^\/admin\/forums\//.test(pattern)) return cast.forum.id;
    if (/^\/admin\/people\//.test(pattern)) return cast.made.member.id;
    return unknown;
  };
  // Pages that first ask which forum: the address with the forum chosen.
  const chosen: Record<string, string> = { "/meetings/new": `?forum=${cast.forum.id}`, "/threads/new": `?forum=${cast.forum.slug}` };
  const paths = actionPaths.map((pattern) => pattern.replace(/:(\w+)/g, (_m, name: string) => (name === "id" ? idFor(pattern) : (values[name] ?? unknown))) + (chosen[pattern] ?? ""));
  const cookieFor = (pattern: string) => {
    if (pattern === "/login/code") return cookies.codeStep;
    if (/^\/(login|forgot-password|reset-password|join|feedback)(\/|$)/.test(pattern)) return undefined;
    if (/^\/(moderation|admin|meetings)(\/|$)/.test(pattern)) return cookies.admin;
    if (/^\/(respond|consultations)(\/|$)/.test(pattern)) return cookies.met;
    if (/^\/officer(\/|$)/.test(pattern)) return cookies.officer;
    if (/^\/account\/two-factor$/.test(pattern)) return cookies.moderator;
    return cookies.member;
  };
  return { paths, cookieFor };
}

/** The cookie a staff member has after their password and before their code. */
async function passwordOnly(who: MadeUser): Promise<string> {
  const res = await fromSite(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  expect(((await res.json()) as { twoFactorRedirect?: boolean }).twoFactorRedirect).toBe(true);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

/** Sends one body to every action and checks each answer; then checks that nothing was written. */
async function sendToEveryAction(
  w: World,
  make: (path: string, cookie: string | undefined) => Promise<{ headers: Record<string, string>; body: string } | null>,
  expected: (status: number) => boolean,
) {
  expect(w.paths.length).toBeGreaterThanOrEqual(40);
  const before = await rowCounts();
  const answers: string[] = [];
  for (const [i, p] of w.paths.entries()) {
    const cookie = w.cookieFor(actionPaths[i]);
    const request = await make(p, cookie);
    if (!request) continue;
    const res = await fromSite(`${server.url}${p}`, {
      method: "POST",
      redirect: "manual",
      headers: { accept: "text/html", ...(cookie ? { cookie } : {}), ...request.headers },
      body: request.body,
    });
    const html = await res.text();
    answers.push(`${p} ${res.status}`);
    expect(expected(res.status), `${p} answered ${res.status}`).toBe(true);
    // The site's own page: its layout, with the "Exit this page" button.
    expect(html, `${p} answered without the site's page`).toContain("Exit this page");
  }
  expect(await rowCounts()).toEqual(before);
  return answers;
}

const is4xx = (status: number) => status >= 400 && status < 500;

describe("every form action refuses a body that is not a form", () => {
  it("answers JSON with 415 and the site's page, writing nothing", async () => {
    const w = await world();
    await sendToEveryAction(w, async () => ({ headers: { "content-type": "application/json" }, body: JSON.stringify({ intent: "approve", body: "Hello" }) }), (s) => s === 415);
  });

  it("answers plain text with 415 and the site's page, writing nothing", async () => {
    const w = await world();
    await sendToEveryAction(w, async () => ({ headers: { "content-type": "text/plain" }, body: "intent=approve&body=Hello" }), (s) => s === 415);
  });

  it("answers a truncated multipart body with a 4xx page, writing nothing", async () => {
    const w = await world();
    const answers = await sendToEveryAction(
      w,
      async () => ({
        headers: { "content-type": "multipart/form-data; boundary=----cut" },
        body: '------cut\r\nContent-Disposition: form-data; name="intent"\r\n\r\napprove\r\n------cut\r\nContent-Disposition: form-data; name="body"\r\n\r\nThe text sto',
      }),
      is4xx,
    );
    // Where the action reached the form (the right person, something real at the address), it is the unreadable body's 400.
    expect(answers.filter((a) => a.endsWith(" 400")).length).toBeGreaterThanOrEqual(10);
  });

  it("answers a 2 MB form with 413 and the site's page, writing nothing", async () => {
    const w = await world();
    const big = `body=${"a".repeat(2 * 1024 * 1024)}`;
    await sendToEveryAction(w, async () => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: big }), (s) => s === 413);
  });
});

type FormField = { name: string; type: string; value: string; checked: boolean; numeric?: boolean };

/** The forms of a page that post back to it, with their fields as a browser would send them. */
function formsOf(html: string): FormField[][] {
  const forms: FormField[][] = [];
  let current: FormField[] | null = null;
  let textarea: FormField | null = null;
  let select: { field: FormField; chosen: boolean } | null = null;
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (tag === "form" && (attrs.method ?? "").toLowerCase() === "post") current = [];
      if (!current) return;
      if (tag === "input" && attrs.name && !["submit", "button", "file"].includes(attrs.type ?? "")) {
        const type = attrs.type ?? "text";
        const checked = "checked" in attrs;
        if ((type === "checkbox" || type === "radio") && !checked && current.some((f) => f.name === attrs.name)) return;
        current.push({ name: attrs.name, type, value: attrs.value ?? (type === "checkbox" || type === "radio" ? "on" : ""), checked, numeric: attrs.inputmode === "numeric" });
      }
      if (tag === "button" && attrs.name && attrs.value && !current.some((f) => f.name === attrs.name)) current.push({ name: attrs.name, type: "button", value: attrs.value, checked: true });
      if (tag === "textarea" && attrs.name) current.push((textarea = { name: attrs.name, type: "textarea", value: "", checked: true }));
      if (tag === "select" && attrs.name) {
        select = { field: { name: attrs.name, type: "select", value: "", checked: true }, chosen: false };
        current.push(select.field);
      }
      if (tag === "option" && select && attrs.value !== undefined && (!select.chosen || "selected" in attrs)) {
        select.field.value = attrs.value;
        select.chosen = select.chosen || "selected" in attrs || attrs.value !== "";
      }
    },
    ontext(text) {
      if (textarea) textarea.value += text;
    },
    onclosetag(tag) {
      if (tag === "textarea") textarea = null;
      if (tag === "select") select = null;
      if (tag === "form" && current) {
        forms.push(current);
        current = null;
      }
    },
  });
  parser.write(html);
  parser.end();
  return forms;
}

const TEXT_TYPES = new Set(["text", "email", "password", "search", "url", "tel", "textarea"]);
const NUMERIC_NAMES = /^(version|page|rows|reviewDays|maxChoices|maxLength|members|met|mopac|facilitators|others|before)$/;
const TOO_LARGE = "99999999999999999999999";

/** Each form of the page at `path`, changed by `change` (null: the form has nothing to change). */
async function changedForms(path: string, cookie: string | undefined, change: (f: FormField) => string | null) {
  const page = await fetch(`${server.url}${path}`, { headers: { accept: "text/html", ...(cookie ? { cookie } : {}) }, redirect: "manual" });
  const bodies: string[] = [];
  for (const fields of formsOf(await page.text())) {
    const sent = new URLSearchParams();
    let changed = false;
    for (const f of fields) {
      const value = change(f);
      if (value !== null) changed = true;
      sent.append(f.name, value ?? f.value);
    }
    if (changed) bodies.push(sent.toString());
  }
  return bodies;
}

describe("every form refuses what its fields cannot hold", () => {
  /** Sends every changed form on every action's page; each answer is a 4xx page and nothing is written. */
  async function sendChangedForms(change: (f: FormField) => string | null, fallback: string | null) {
    const w = await world();
    const before = await rowCounts();
    let sent = 0;
    let withSummary = 0;
    for (const [i, p] of w.paths.entries()) {
      const cookie = w.cookieFor(actionPaths[i]);
      const bodies = await changedForms(p, cookie, change);
      // A page with no such form (or none at all) still gets the field on its own.
      for (const body of bodies.length ? bodies : fallback ? [fallback] : []) {
        const res = await fromSite(`${server.url}${p}`, {
          method: "POST",
          redirect: "manual",
          headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
          body,
        });
        const html = await res.text();
        sent += 1;
        if (process.env.SHOW_SENT) console.log(`[sent] ${p} ${res.status} ${body.slice(0, 160)}`);
        expect(is4xx(res.status), `${p} answered ${res.status} to ${body.slice(0, 200)}`).toBe(true);
        expect(html, `${p} answered without the site's page`).toContain("Exit this page");
        // A form shown again with its error summary says so first, in its title (GOV.UK).
        if (html.includes("govuk-error-summary")) {
          withSummary += 1;
          expect(/<title>([^<]*)<\/title>/.exec(html)?.[1], `${p}'s title with its error summary`).toMatch(/^Error: /);
        }
      }
    }
    expect(await rowCounts()).toEqual(before);
    console.log(`[malformed-requests] ${sent} forms sent, ${withSummary} shown again with an error summary`);
    return { sent, withSummary };
  }

  it("refuses a NUL byte in any text field with a 4xx page, the form shown again where there is one, writing nothing", async () => {
    // Every form with a text field, on every action's page the cast can open.
    const { sent, withSummary } = await sendChangedForms((f) => (TEXT_TYPES.has(f.type) ? `${f.value || "Some words"}\u0000 and more` : null), null);
    expect(sent).toBeGreaterThanOrEqual(20);
    expect(withSummary).toBeGreaterThanOrEqual(15);
  });

  it("refuses numbers too large for the database with a 4xx page, writing nothing", async () => {
    // Only forms with a number (a number field, digits only like a date's day, month and year,
    // or a version): any other field of that name is not read by its action.
    const { sent } = await sendChangedForms((f) => (f.type === "number" || f.numeric || NUMERIC_NAMES.test(f.name) ? TOO_LARGE : null), null);
    expect(sent).toBeGreaterThanOrEqual(3);
  });

  it("refuses a NUL byte where the issue found 500s: a reply, a suspension reason, a response, a reset token", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const cookies = {
      author: await signIn(server.url, cast.made.author),
      admin: await signIn(server.url, cast.made.admin),
      met: await signIn(server.url, cast.made.met),
    };
    const cases: [string, string | undefined, Record<string, string>][] = [
      [`/threads/${thread.id}`, cookies.author, { intent: "reply", body: "It took\u0000 weeks to hear back." }],
      [`/admin/people/${cast.made.member.id}`, cookies.admin, { intent: "suspend", reason: "Posted\u0000 someone's address" }],
      [`/respond/threads/${thread.id}`, cookies.met, { intent: "publish", responderTitle: "Reform lead", body: "We will write\u0000 to every victim." }],
      ["/reset-password", undefined, { token: "abc\u0000def", password: "a new long password", confirmPassword: "a new long password" }],
    ];
    const before = await rowCounts();
    for (const [p, cookie, form] of cases) {
      const res = await fromSite(`${server.url}${p}`, {
        method: "POST",
        headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(form).toString(),
      });
      const html = await res.text();
      expect(res.status, p).toBe(400);
      expect(html, p).toContain("Exit this page");
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a review decision on a version too large for the database (it was a 500)", async () => {
    const cast = await makeCast();
    const pending = await pendingThread(cast);
    const cookie = await signIn(server.url, cast.made.moderator);
    const before = await rowCounts();
    for (const version of [TOO_LARGE, "2147483648", "-1", "1.5"]) {
      const res = await fromSite(`${server.url}/moderation/items/${pending.post.id}`, {
        method: "POST",
        headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ intent: "approve", version }).toString(),
      });
      expect(res.status, version).toBe(400);
      expect(await res.text()).toContain("Exit this page");
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("says which field held a NUL byte, on the form, keeping what was typed", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const cookie = await signIn(server.url, cast.made.author);
    const before = await rowCounts();
    const res = await fromSite(`${server.url}/threads/${thread.id}`, {
      method: "POST",
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ intent: "reply", body: "I was told nothing for weeks\u0000 after I reported it." }).toString(),
    });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain("This had a hidden character that cannot be saved");
    // What was typed comes back, with the hidden character shown where it was.
    expect(html).toContain("I was told nothing for weeks\uFFFD after I reported it.");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("a large body is refused before it is read", () => {
  /**
   * Sends `total` bytes to `path` a piece at a time, stopping when the answer comes: the status,
   * and how much had been sent by then.
   */
  function sendSlowly(p: string, total: number, headers: Record<string, string>): Promise<{ status: number; sentWhenAnswered: number; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${server.url}${p}`);
      let sent = 0;
      let answered = false;
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { origin: url.origin, accept: "text/html", ...headers } }, (res) => {
        answered = true;
        const sentWhenAnswered = sent;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sentWhenAnswered, body }));
        res.on("error", reject);
      });
      // The server closes the connection after answering; writing on after that fails, as it should.
      req.on("error", (err) => {
        if (!answered) reject(err);
      });
      const piece = Buffer.alloc(64 * 1024, "a");
      const more = () => {
        if (answered || sent >= total) return req.end();
        sent += piece.length;
        if (req.write(piece)) setImmediate(more);
        else req.once("drain", more);
      };
      more();
    });
  }

  const FIFTY_MB = 50 * 1024 * 1024;

  it("refuses a 50 MB sign-in form with 413 and the site's page before the body is sent, by its declared length", async () => {
    const rssBefore = process.memoryUsage().rss;
    const answer = await sendSlowly("/login", FIFTY_MB, { "content-type": "application/x-www-form-urlencoded", "content-length": String(FIFTY_MB) });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("too large for the forum to accept");
    expect(answer.body).toContain("Exit this page");
    expect(answer.sentWhenAnswered).toBeLessThan(FIFTY_MB / 2);
    // The server (in this process) read none of it: far less than 50 MB more memory.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(40 * 1024 * 1024);
  });

  it("refuses a 50 MB sign-in form sent in chunks (no declared length) with 413 after at most about 1 MB", async () => {
    const answer = await sendSlowly("/login", FIFTY_MB, { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Exit this page");
    expect(answer.sentWhenAnswered).toBeLessThan(FIFTY_MB / 2);
  });

  it("refuses 50 MB to better-auth's endpoints too, declared or in chunks", async () => {
    const declared = await sendSlowly("/api/auth/sign-in/email", FIFTY_MB, { "content-type": "application/json", "content-length": String(FIFTY_MB) });
    expect(declared.status).toBe(413);
    expect(declared.sentWhenAnswered).toBeLessThan(FIFTY_MB / 2);
    const chunked = await sendSlowly("/api/auth/sign-in/email", FIFTY_MB, { "content-type": "application/json", "transfer-encoding": "chunked" });
    expect(chunked.status).toBe(413);
    expect(chunked.sentWhenAnswered).toBeLessThan(FIFTY_MB / 2);
    // A sign-in of ordinary size still reaches better-auth (wrong password: 401, not 413).
    const member = await makeUser(db());
    const ordinary = await fromSite(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: member.email, password: "not the password at all" }),
    });
    expect(ordinary.status).toBe(401);
  });
});

describe("an address that cannot be read", () => {
  it("is refused with 400 and the site's page: a NUL in a path or a query, a broken %-escape (a NUL in a forum's name was a 500)", async () => {
    for (const address of ["/forums/%00", "/forums/london%00", "/actions?forum=%00", "/threads/new?forum=a%01b", "/forums/%ZZ", "/actions?forum=%E0%A4%A"]) {
      const res = await fetch(`${server.url}${address}`, { headers: { accept: "text/html" }, redirect: "manual" });
      const html = await res.text();
      expect(res.status, address).toBe(400);
      expect(html, address).toContain("That web address has a character in it that cannot be used");
      expect(html, address).toContain("Exit this page");
    }
    // Ordinary escapes still work: an accented letter is a page not found, not a refusal.
    expect((await fetch(`${server.url}/forums/caf%C3%A9`, { headers: { accept: "text/html" } })).status).toBe(404);
  });
});

describe("how actions read their forms", () => {
  it("every route with an action reads its body through readForm, never on its own", () => {
    const dir = path.resolve(fileURLToPath(new URL("../../app/routes", import.meta.url)));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".tsx") || f.endsWith(".ts"));
    const readsOnItsOwn = files.filter((f) => /request\.(formData|json|text|arrayBuffer|blob)\(|request\.body\b/.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(readsOnItsOwn).toEqual([]);
    const actions = files.filter((f) => /export (async function|const) action\b/.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(actions.length).toBeGreaterThanOrEqual(40);
    // Directly, or through a shared form helper (publishResponseFromForm) that calls it.
    expect(actions.filter((f) => !/readForm\(request\)|\w+FromForm\(request\b/.test(fs.readFileSync(path.join(dir, f), "utf8")))).toEqual([]);
    // Nor does any server module other than the form reader itself.
    const services = path.resolve(fileURLToPath(new URL("../../app/services", import.meta.url)));
    const helpers = fs.readdirSync(services).filter((f) => /\.server\.tsx?$/.test(f) && f !== "forms.server.ts");
    expect(helpers.filter((f) => /request\.(formData|json|text|arrayBuffer|blob)\(/.test(fs.readFileSync(path.join(services, f), "utf8")))).toEqual([]);
    expect(fs.readFileSync(path.join(services, "official-response-form.server.ts"), "utf8")).toContain("readForm(request)");
  });
});
