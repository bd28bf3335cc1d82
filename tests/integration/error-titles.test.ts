// "Error: " starts the page's title whenever a form is refused and its error summary shows (the
// GOV.UK pattern: the title is the first thing a screen reader says). Each form below is sent
// as a browser without JavaScript sends it — a form POST to the real server — with something
// wrong in it; the page that comes back must say "Error:" in its title, show the summary, and
// the same page loaded afresh must not.
import { db } from "../../db/client";
import { useTestDatabase } from "../db";
import { makeForum, makeOfficer, makeUser, type MadeUser } from "../factories";
import { signIn, useTestServer } from "../support/server";

useTestDatabase();

const server = useTestServer();

type Who = "nobody" | "member" | "moderator" | "admin" | "officer";

type Form = {
  name: string;
  who: Who;
  /** The page, and the form sent to it (method post unless `get`). */
  path: (f: Fixture) => string;
  form?: Record<string, string>;
  get?: boolean;
  title: string;
};

type Fixture = { forumId: string; forumSlug: string; people: Record<Exclude<Who, "nobody">, MadeUser>; cookies: Partial<Record<Who, string>> };

const FORMS: Form[] = [
  { name: "sign in", who: "nobody", path: () => "/login", form: { email: "", password: "" }, title: "Sign in – Victim Voice Forum" },
  { name: "forgot password", who: "nobody", path: () => "/forgot-password", form: { email: "not an address" }, title: "Reset your password – Victim Voice Forum" },
  { name: "start a thread", who: "member", path: (f) => `/threads/new?forum=${f.forumSlug}`, form: { forumId: "", title: "", body: "" }, title: "Start a thread – Victim Voice Forum" },
  { name: "change password", who: "member", path: () => "/account", form: { intent: "password", currentPassword: "", newPassword: "short", confirmPassword: "other" }, title: "Your account – Victim Voice Forum" },
  { name: "delete my account", who: "member", path: () => "/account/delete", form: { posts: "", password: "" }, title: "Delete your account – Victim Voice Forum" },
  { name: "new consultation", who: "moderator", path: () => "/consultations/new", form: { title: "" }, title: "Draft a consultation – Victim Voice Forum" },
  { name: "new forum", who: "admin", path: () => "/admin/forums", form: { name: "", slug: "" }, title: "Forums – Victim Voice Forum" },
  { name: "invite someone", who: "admin", path: () => "/admin/invitations", form: { intent: "invite", email: "not an address", role: "member" }, title: "Invitations – Victim Voice Forum" },
  { name: "audit log filter", who: "admin", path: () => "/admin/audit?from=2026-13-45", get: true, title: "Audit log – Victim Voice Forum" },
  { name: "ask for feedback", who: "officer", path: () => "/officer/feedback/new", form: { contactDate: "", contactKind: "", channel: "" }, title: "Ask for feedback – My Met Service" },
];

let fx: Fixture;

beforeEach(async () => {
  const forum = await makeForum(db());
  const people = {
    member: await makeUser(db(), { role: "member", forumIds: [forum.id] }),
    moderator: await makeUser(db(), { role: "moderator", forumIds: [forum.id] }),
    admin: await makeUser(db(), { role: "admin" }),
    officer: await makeOfficer(db()),
  };
  fx = { forumId: forum.id, forumSlug: forum.slug, people, cookies: {} };
});

async function cookieOf(who: Who) {
  if (who === "nobody") return undefined;
  fx.cookies[who] ??= await signIn(server.url, fx.people[who]);
  return fx.cookies[who];
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1].replace(/&#x27;/g, "'") ?? null;

describe("a refused form's page title starts with Error:", () => {
  it.each(FORMS.map((f) => [f.name, f] as const))("%s", async (_name, form) => {
    const cookie = await cookieOf(form.who);
    const url = `${server.url}${form.path(fx)}`;
    const headers: Record<string, string> = { origin: server.url, ...(cookie ? { cookie } : {}) };

    const plain = await fetch(form.get ? url.replace(/\?.*$/, "") : url, { headers });
    expect(plain.status).toBe(200);
    expect(titleOf(await plain.text())).toBe(form.title);

    const refused = form.get
      ? await fetch(url, { headers })
      : await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form.form ?? {}), redirect: "manual" });
    const html = await refused.text();
    expect(refused.status, html.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(html).toContain('data-testid="error-summary"');
    expect(titleOf(html)).toBe(`Error: ${form.title}`);
  });
});
