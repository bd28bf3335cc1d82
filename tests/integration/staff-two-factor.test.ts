// Staff two-factor authentication (issue 11, item 1), through the route modules as Remix calls
// them and through the real server for sockets: a staff account's password alone reaches
// nothing staff-only (pages, actions, downloads, socket rooms); a code from its authenticator
// app does; backup codes work once; wrong codes lock the code step; an admin's reset and a
// promotion to staff send the person to set it up; members may turn it on and off.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { consultation } from "../../db/schema/consultations";
import { session, twoFactor, user } from "../../db/schema/auth";
import { changeRole } from "~/models/people/people.server";
import { resetTwoFactor } from "~/models/people/two-factor.server";
import { deleteOwnAccount } from "~/models/people/account-deletion.server";
import { auth } from "~/services/auth.server";
import { verifySecondFactor } from "~/services/two-factor.server";
import { isStaff, TWO_FACTOR_ROLES, type Role } from "~/utils/permissions";
import * as loginPage from "~/routes/login";
import * as codePage from "~/routes/login_.code";
import * as setUpPage from "~/routes/account_.two-factor";
import * as accountPage from "~/routes/account";
import * as forumsPage from "~/routes/forums._index";
import * as newConsultationPage from "~/routes/consultations.new";
import * as resultsCsv from "~/routes/consultations.$id_.results[.]csv";
import * as moderationPage from "~/routes/moderation._index";
import * as respondPage from "~/routes/respond._index";
import * as adminPage from "~/routes/admin._index";
import * as officerPage from "~/routes/officer._index";
import * as personPage from "~/routes/admin.people.$id";
import { loader as rootLoader } from "~/root";
import { asCurrentUser, makeForum, makeOfficer, makeUser, type MadeUser } from "../factories";
import { useTestDatabase } from "../db";
import { cookieFor, run, type Outcome, type RouteFn } from "../support/routes";
import { fromSite, join, openSocket, signIn, startTestServer, type Client, type TestServer } from "../support/server";
import { totpCode, wrongTotpCode } from "../support/two-factor";
import { makeCast, publishedThread } from "../support/threads";
import { closedConsultation, makeConsultationCast } from "./consultations-fixtures";

useTestDatabase();

const location = (o: Outcome) => o.headers.get("location");
const SET_UP = "/account/two-factor";
const setUpFor = (path: string) => `${SET_UP}?redirectTo=${encodeURIComponent(path)}`;

/** The cookies a response sets, merged over the ones the browser had (deleted ones dropped). */
function browserCookies(before: string, outcome: Outcome): string {
  const jar = new Map(before ? before.split("; ").map((c) => [c.slice(0, c.indexOf("=")), c] as const) : []);
  for (const set of outcome.headers.getSetCookie()) {
    const pair = set.split(";")[0];
    const name = pair.slice(0, pair.indexOf("="));
    if (pair.endsWith("=") || /max-age=0/i.test(set)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join("; ");
}

const hasSession = (cookie: string) => /vvf\.session_token=/.test(cookie);

/** The password step of /login, as the form posts it. */
async function passwordStep(u: Pick<MadeUser, "email" | "password">, redirectTo = "/forums") {
  const outcome = await run(loginPage.action as RouteFn, "/login", { form: { email: u.email, password: u.password, redirectTo } });
  return { outcome, cookie: browserCookies("", outcome) };
}

/** The code step of /login/code. */
async function codeStep(cookie: string, form: { method: "app" | "backup"; code: string; redirectTo?: string }) {
  const outcome = await run(codePage.action as RouteFn, "/login/code", { cookie, form: { redirectTo: "/forums", ...form } });
  return { outcome, cookie: browserCookies(cookie, outcome) };
}

/** Confirms a set-up waiting on the set-up page with a code made from the key the page shows. */
async function finishSetUp(cookie: string) {
  const page = await run(setUpPage.loader as RouteFn, SET_UP, { cookie });
  expect(page.status).toBe(200);
  expect(page.data.setUp, "the set-up page shows a key to add to the app").toBeTruthy();
  const secretKey: string = page.data.setUp.secretKey;
  const confirmed = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "confirm", code: totpCode(secretKey) } });
  expect(confirmed.status).toBe(302);
  return { cookie: browserCookies(cookie, confirmed), secretKey, backupCodes: page.data.setUp.backupCodes as string[], confirmed };
}

/** A consultation draft, as the /consultations/new form posts it. */
function draftForm(forumId: string, title: string) {
  return {
    title,
    summary: "Letters that say when the court date is.",
    proposal: "We propose to send a letter with the court date within two days of it being set.",
    organisation: "met",
    forumIds: forumId,
    opensDate: "2020-01-01",
    opensTime: "09:00",
    closesDate: "2099-01-01",
    closesTime: "17:00",
  };
}

/** Someone in a role that must use two-factor (an officer has their shoulder number and borough). */
function makePerson(role: Role, input: { twoFactor?: boolean } = {}) {
  return role === "officer" ? makeOfficer(db(), input) : makeUser(db(), { role, organisation: "met", ...input });
}

const STAFF_PAGE: Record<Exclude<Role, "member">, { fn: RouteFn; path: string }> = {
  moderator: { fn: moderationPage.loader as RouteFn, path: "/moderation" },
  responder: { fn: respondPage.loader as RouteFn, path: "/respond" },
  admin: { fn: adminPage.loader as RouteFn, path: "/admin" },
  officer: { fn: officerPage.loader as RouteFn, path: "/officer" },
};

describe("a staff account without two-factor", () => {
  it.each(TWO_FACTOR_ROLES.map((r) => [r]))("as %s: the password leads to the set-up, and until it is done nothing staff-only is reachable", async (role) => {
    const cast = await makeConsultationCast();
    const { consultation: closed } = await closedConsultation(cast, []);
    const person = await makePerson(role, { twoFactor: false });
    expect(person.totpSecret).toBeNull();

    // Right after the password: to the set-up, with the set-up already started.
    const { outcome, cookie } = await passwordStep(person, "/forums");
    expect(outcome.status).toBe(302);
    expect(location(outcome)).toBe(SET_UP);
    expect(hasSession(cookie)).toBe(true);
    const [pending] = await db().select().from(twoFactor).where(eq(twoFactor.userId, person.id));
    expect(pending.verified).toBe(false);

    // Pages, actions and downloads: every guard sends them to the set-up instead.
    const page = STAFF_PAGE[role as keyof typeof STAFF_PAGE];
    const refusedPage = await run(page.fn, page.path, { cookie });
    expect(refusedPage.status).toBe(302);
    expect(location(refusedPage)).toBe(setUpFor(page.path));
    // Forum staff: an action (drafting a consultation) and a download (unpublished results).
    const forumStaff = isStaff(role);
    const title = `Drafted by a ${role} without two-factor`;
    const csvPath = `/consultations/${closed.id}/results.csv`;
    if (forumStaff) {
      const refusedNew = await run(newConsultationPage.loader as RouteFn, "/consultations/new", { cookie });
      expect(location(refusedNew)).toBe(setUpFor("/consultations/new"));
      const refusedAction = await run(newConsultationPage.action as RouteFn, "/consultations/new", { cookie, form: draftForm(cast.forumA.id, title) });
      expect(location(refusedAction)).toBe(setUpFor("/consultations/new"));
      expect(await db().select().from(consultation).where(eq(consultation.title, title))).toHaveLength(0);
      const refusedCsv = await run(resultsCsv.loader as RouteFn, csvPath, { cookie, params: { id: closed.id } });
      expect(refusedCsv.status, "unpublished results are for staff who have signed in fully: as signed out, not found").toBe(404);
      expect(refusedCsv.text).not.toContain("question");
    }
    // Member pages too: the account may only set up two-factor or sign out.
    const refusedForums = await run(forumsPage.loader as RouteFn, "/forums", { cookie });
    expect(location(refusedForums)).toBe(setUpFor("/forums"));
    // The layout shows no staff links, only a way to sign out.
    const layout = await run(rootLoader as RouteFn, "/", { cookie });
    expect(layout.data.user).toBeNull();
    expect(layout.data.settingUpTwoFactor).toBe(true);

    // The set-up page shows the QR code, the key as text and ten backup codes.
    const setUp = await run(setUpPage.loader as RouteFn, SET_UP, { cookie });
    expect(setUp.data.needsTwoFactor).toBe(true);
    expect(setUp.data.setUp.qrSvg).toContain("<svg");
    expect(setUp.data.setUp.uri).toMatch(/^otpauth:\/\/totp\/VVF:/);
    expect(setUp.data.setUp.secretKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(setUp.data.setUp.backupCodes).toHaveLength(10);

    // A wrong code does not turn it on.
    const wrong = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "confirm", code: wrongTotpCode(setUp.data.setUp.secretKey.replace(/ /g, "")) } });
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.code[0]).toMatch(/The code is not right/);
    expect((await db().select({ on: user.twoFactorEnabled }).from(user).where(eq(user.id, person.id)))[0].on).toBe(false);

    // With a code from the key shown, it is on, and everything staff-only opens.
    const done = await finishSetUp(cookie);
    expect(location(done.confirmed)).toBe(`${SET_UP}?done=on`);
    expect((await db().select({ on: user.twoFactorEnabled }).from(user).where(eq(user.id, person.id)))[0].on).toBe(true);
    expect((await run(page.fn, page.path, { cookie: done.cookie })).status).toBe(200);
    if (forumStaff) {
      const created = await run(newConsultationPage.action as RouteFn, "/consultations/new", { cookie: done.cookie, form: draftForm(cast.forumA.id, title) });
      expect(created.status).toBe(302);
      expect(await db().select().from(consultation).where(eq(consultation.title, title))).toHaveLength(1);
      const csv = await run(resultsCsv.loader as RouteFn, csvPath, { cookie: done.cookie, params: { id: closed.id } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    }
  });

  it("a staff account set up in an earlier session is asked for its password to start again", async () => {
    const moderator = await makeUser(db(), { role: "moderator", twoFactor: false });
    const { cookie } = await passwordStep(moderator);
    await db().delete(twoFactor).where(eq(twoFactor.userId, moderator.id));
    const page = await run(setUpPage.loader as RouteFn, SET_UP, { cookie });
    expect(page.data.setUp).toBeNull();
    const wrong = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "start", password: "not my password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.password[0]).toBe("Your password is not right");
    const started = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "start", password: moderator.password } });
    expect(started.status).toBe(302);
    await finishSetUp(cookie);
  });
});

describe("signing in with two-factor", () => {
  it.each(TWO_FACTOR_ROLES.map((r) => [r]))("as %s: the password alone gives no session; a code from the app does", async (role) => {
    const person = await makePerson(role);
    const page = STAFF_PAGE[role as keyof typeof STAFF_PAGE];
    const { outcome, cookie } = await passwordStep(person, page.path);
    expect(outcome.status).toBe(302);
    expect(location(outcome)).toBe(`/login/code?redirectTo=${encodeURIComponent(page.path)}`);
    expect(hasSession(cookie), "no session before the code").toBe(false);
    expect(cookie).toMatch(/vvf\.two_factor=/);
    // Between the steps the person is signed out: staff pages send them to sign in.
    expect(location(await run(page.fn, page.path, { cookie }))).toBe(`/login?redirectTo=${encodeURIComponent(page.path)}`);

    // The code step page: a form for the app's code, with a link to use a backup code.
    const step = await run(codePage.loader as RouteFn, `/login/code?redirectTo=${encodeURIComponent(page.path)}`, { cookie });
    expect(step.status).toBe(200);
    expect(step.data.method).toBe("app");

    const wrong = await codeStep(cookie, { method: "app", code: wrongTotpCode(person.totpSecret!), redirectTo: page.path });
    expect(wrong.outcome.status).toBe(401);
    expect(wrong.outcome.data.result.error.code[0]).toMatch(/^The code is not right/);
    expect(hasSession(wrong.cookie)).toBe(false);

    // Spaces as an app shows them ("123 456") are fine.
    const code = totpCode(person.totpSecret!);
    const right = await codeStep(cookie, { method: "app", code: `${code.slice(0, 3)} ${code.slice(3)}`, redirectTo: page.path });
    expect(right.outcome.status).toBe(302);
    expect(location(right.outcome)).toBe(page.path);
    expect(hasSession(right.cookie)).toBe(true);
    expect((await run(page.fn, page.path, { cookie: right.cookie })).status).toBe(200);
  });

  it("checks the code's shape before asking: empty, letters or too short", async () => {
    const moderator = await makeUser(db(), { role: "moderator" });
    const { cookie } = await passwordStep(moderator);
    const empty = await codeStep(cookie, { method: "app", code: "" });
    expect(empty.outcome.status).toBe(400);
    expect(empty.outcome.data.result.error.code[0]).toBe("Enter the 6-digit code from your authenticator app");
    const short = await codeStep(cookie, { method: "app", code: "12345" });
    expect(short.outcome.data.result.error.code[0]).toBe("The code must be 6 digits, like 123456");
    const backup = await codeStep(cookie, { method: "backup", code: "not a code" });
    expect(backup.outcome.data.result.error.code[0]).toBe("A backup code is 10 letters and numbers, like abcde-12345");
  });

  it("a backup code signs in once; the same code again is refused, another one works", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const [first, second] = admin.backupCodes;

    const one = await passwordStep(admin);
    const used = await codeStep(one.cookie, { method: "backup", code: first });
    expect(used.outcome.status).toBe(302);
    expect(hasSession(used.cookie)).toBe(true);
    expect((await run(adminPage.loader as RouteFn, "/admin", { cookie: used.cookie })).status).toBe(200);

    const two = await passwordStep(admin);
    const again = await codeStep(two.cookie, { method: "backup", code: first });
    expect(again.outcome.status).toBe(401);
    expect(again.outcome.data.result.error.code[0]).toBe("That backup code is not right, or it has been used already");
    expect(hasSession(again.cookie)).toBe(false);
    // Typed without its hyphen, the next code works.
    const next = await codeStep(two.cookie, { method: "backup", code: second.replace("-", "") });
    expect(next.outcome.status).toBe(302);
    expect(hasSession(next.cookie)).toBe(true);
  });

  it("five wrong codes lock the code step for a while, even for the right code and a fresh password", async () => {
    const moderator = await makeUser(db(), { role: "moderator" });
    const { cookie } = await passwordStep(moderator);
    for (let i = 1; i <= 5; i++) {
      const wrong = await codeStep(cookie, { method: "app", code: wrongTotpCode(moderator.totpSecret!) });
      expect(wrong.outcome.status, `wrong code ${i}`).toBe(401);
    }
    const locked = await codeStep(cookie, { method: "app", code: totpCode(moderator.totpSecret!) });
    expect(locked.outcome.status).toBe(429);
    expect(locked.outcome.data.locked).toBe(true);
    expect(hasSession(locked.cookie)).toBe(false);

    const fresh = await passwordStep(moderator);
    const stillLocked = await codeStep(fresh.cookie, { method: "app", code: totpCode(moderator.totpSecret!) });
    expect(stillLocked.outcome.status).toBe(429);
    const backupLocked = await codeStep(fresh.cookie, { method: "backup", code: moderator.backupCodes[0] });
    expect(backupLocked.outcome.status).toBe(429);

    // When the wait is over, the right code works again.
    await db().update(twoFactor).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(twoFactor.userId, moderator.id));
    const later = await passwordStep(moderator);
    const ok = await codeStep(later.cookie, { method: "app", code: totpCode(moderator.totpSecret!) });
    expect(ok.outcome.status).toBe(302);
    expect(hasSession(ok.cookie)).toBe(true);
  });

  it("without the cookie the password step leaves, the code step sends people back to sign in", async () => {
    const page = await run(codePage.loader as RouteFn, "/login/code", {});
    expect(location(page)).toBe("/login");
    const moderator = await makeUser(db(), { role: "moderator" });
    const posted = await codeStep("", { method: "app", code: totpCode(moderator.totpSecret!) });
    expect(location(posted.outcome)).toBe("/login?timed-out=1");
  });
});

describe("an admin resets someone's two-factor", () => {
  it("is audited, signs them out everywhere, and they set it up again with a new key at their next sign-in", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const moderator = await makeUser(db(), { role: "moderator" });
    const moderatorCookie = await cookieFor(moderator);
    expect((await run(moderationPage.loader as RouteFn, "/moderation", { cookie: moderatorCookie })).status).toBe(200);

    const adminCookie = await cookieFor(admin);
    const path = `/admin/people/${moderator.id}`;
    const shown = await run(personPage.loader as RouteFn, path, { cookie: adminCookie, params: { id: moderator.id } });
    expect(shown.data.twoFactor).toBe("on");
    expect(shown.data.canResetTwoFactor).toBe(true);
    const noReason = await run(personPage.action as RouteFn, path, { cookie: adminCookie, params: { id: moderator.id }, form: { intent: "reset-two-factor", resetReason: " " } });
    expect(noReason.status).toBe(400);
    expect((await db().select().from(twoFactor).where(eq(twoFactor.userId, moderator.id))).length).toBe(1);
    const reset = await run(personPage.action as RouteFn, path, {
      cookie: adminCookie,
      params: { id: moderator.id },
      form: { intent: "reset-two-factor", resetReason: "Lost their phone; checked by video call" },
    });
    expect(reset.status).toBe(302);
    expect(location(reset)).toBe(`${path}?done=two-factor-reset`);

    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "user.two-factor-reset"), eq(auditLog.targetId, moderator.id)));
    expect(entry.actorId).toBe(admin.id);
    expect(entry.reason).toBe("Lost their phone; checked by video call");
    expect(await db().select().from(session).where(eq(session.userId, moderator.id))).toHaveLength(0);
    expect(location(await run(moderationPage.loader as RouteFn, "/moderation", { cookie: moderatorCookie }))).toBe("/login?redirectTo=%2Fmoderation");

    // The old app's codes and backup codes are worthless; the password leads to a new set-up.
    const { outcome, cookie } = await passwordStep(moderator, "/moderation");
    expect(location(outcome)).toBe(setUpFor("/moderation"));
    const done = await finishSetUp(cookie);
    expect(done.secretKey.replace(/ /g, "")).not.toBe(moderator.totpSecret);
    expect(done.backupCodes).not.toContain(moderator.backupCodes[0]);
    expect((await run(moderationPage.loader as RouteFn, "/moderation", { cookie: done.cookie })).status).toBe(200);
  });

  it("only admins may reset, and not their own", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const moderator = await makeUser(db(), { role: "moderator" });
    const other = await makeUser(db(), { role: "moderator" });
    await expect(resetTwoFactor(asCurrentUser(moderator), { userId: other.id, reason: "x" })).rejects.toThrow(/Only administrators/);
    await expect(resetTwoFactor(asCurrentUser(admin), { userId: admin.id, reason: "x" })).rejects.toThrow(/Another administrator/);
    const moderatorCookie = await cookieFor(moderator);
    const path = `/admin/people/${other.id}`;
    const shown = await run(personPage.loader as RouteFn, path, { cookie: moderatorCookie, params: { id: other.id } });
    expect(shown.data.canResetTwoFactor).toBe(false);
    const refused = await run(personPage.action as RouteFn, path, { cookie: moderatorCookie, params: { id: other.id }, form: { intent: "reset-two-factor", resetReason: "Because" } });
    expect(refused.status).toBe(403);
    expect(await db().select().from(twoFactor).where(eq(twoFactor.userId, other.id))).toHaveLength(1);
  });
});

describe("a member promoted to staff", () => {
  it("is sent to set up two-factor from their very next request", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const forum = await makeForum(db());
    const member = await makeUser(db(), { forumIds: [forum.id] });
    const cookie = await cookieFor(member);
    expect((await run(forumsPage.loader as RouteFn, "/forums", { cookie })).status).toBe(200);

    await changeRole(asCurrentUser(admin), { userId: member.id, role: "moderator", organisation: null });

    expect(location(await run(forumsPage.loader as RouteFn, "/forums", { cookie }))).toBe(setUpFor("/forums"));
    expect(location(await run(moderationPage.loader as RouteFn, "/moderation", { cookie }))).toBe(setUpFor("/moderation"));
    // No set-up has started (no password was given on this session): they confirm theirs first.
    const page = await run(setUpPage.loader as RouteFn, SET_UP, { cookie });
    expect(page.data.setUp).toBeNull();
    expect(page.data.roleLabel).toBe("Moderator");
    const started = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "start", password: member.password } });
    expect(started.status).toBe(302);
    const done = await finishSetUp(cookie);
    expect((await run(moderationPage.loader as RouteFn, "/moderation", { cookie: done.cookie })).status).toBe(200);
  });
});

describe("members and two-factor", () => {
  it("a member may turn it on (then signs in with a code) and off again", async () => {
    const member = await makeUser(db());
    expect(member.totpSecret).toBeNull();
    const cookie = await cookieFor(member);
    const account = await run(accountPage.loader as RouteFn, "/account", { cookie });
    expect(account.data.twoFactorOn).toBe(false);
    expect(account.data.twoFactorRequired).toBe(false);

    const started = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "start", password: member.password } });
    expect(started.status).toBe(302);
    const done = await finishSetUp(cookie);
    expect((await run(accountPage.loader as RouteFn, "/account", { cookie: done.cookie })).data.twoFactorOn).toBe(true);

    // Now the password alone is not enough for them either.
    const { outcome, cookie: halfway } = await passwordStep(member);
    expect(location(outcome)).toBe("/login/code");
    const signedIn = await codeStep(halfway, { method: "app", code: totpCode(done.secretKey) });
    expect(hasSession(signedIn.cookie)).toBe(true);

    const wrongPassword = await run(setUpPage.action as RouteFn, SET_UP, { cookie: signedIn.cookie, form: { intent: "turn-off", password: "wrong" } });
    expect(wrongPassword.status).toBe(400);
    const off = await run(setUpPage.action as RouteFn, SET_UP, { cookie: signedIn.cookie, form: { intent: "turn-off", password: member.password } });
    expect(location(off)).toBe("/account?two-factor=off");
    expect(await db().select().from(twoFactor).where(eq(twoFactor.userId, member.id))).toHaveLength(0);
    expect(location((await passwordStep(member)).outcome)).toBe("/forums");
  });

  it("a member who deletes their account leaves no authenticator secret or backup codes behind", async () => {
    const member = await makeUser(db(), { twoFactor: true });
    expect(await db().select().from(twoFactor).where(eq(twoFactor.userId, member.id))).toHaveLength(1);
    await deleteOwnAccount(asCurrentUser(member), { posts: "keep" });
    expect(await db().select().from(twoFactor).where(eq(twoFactor.userId, member.id))).toHaveLength(0);
  });

  it("staff cannot turn it off, on the page or through better-auth's endpoint", async () => {
    const responder = await makeUser(db(), { role: "responder" });
    const cookie = await cookieFor(responder);
    const refused = await run(setUpPage.action as RouteFn, SET_UP, { cookie, form: { intent: "turn-off", password: responder.password } });
    expect(refused.status).toBe(403);
    await expect(auth().api.disableTwoFactor({ body: { password: responder.password }, headers: new Headers({ cookie }) })).rejects.toMatchObject({
      statusCode: 403,
      body: { code: "TWO_FACTOR_REQUIRED" },
    });
    expect(await db().select().from(twoFactor).where(eq(twoFactor.userId, responder.id))).toHaveLength(1);
    expect((await db().select({ on: user.twoFactorEnabled }).from(user).where(eq(user.id, responder.id)))[0].on).toBe(true);
  });
});

describe("confirming a step with the second factor (verifySecondFactor)", () => {
  const asked = (cookie: string) => new Request("http://localhost:3000/account", { method: "POST", headers: { cookie } });

  it("accepts the app's code, a backup code once, refuses wrong ones and locks after five", async () => {
    const moderator = await makeUser(db(), { role: "moderator" });
    const cookie = await cookieFor(moderator);
    expect(await verifySecondFactor(asked(cookie), totpCode(moderator.totpSecret!))).toBe("ok");
    expect(await verifySecondFactor(asked(cookie), moderator.backupCodes[3])).toBe("ok");
    expect(await verifySecondFactor(asked(cookie), moderator.backupCodes[3])).toBe("wrong-code");
    for (let i = 2; i <= 4; i++) expect(await verifySecondFactor(asked(cookie), wrongTotpCode(moderator.totpSecret!))).toBe("wrong-code");
    expect(await verifySecondFactor(asked(cookie), wrongTotpCode(moderator.totpSecret!))).toBe("locked");
    expect(await verifySecondFactor(asked(cookie), totpCode(moderator.totpSecret!))).toBe("locked");
    // The lock is the account's: the sign-in code step is locked too.
    const { cookie: halfway } = await passwordStep(moderator);
    expect((await codeStep(halfway, { method: "app", code: totpCode(moderator.totpSecret!) })).outcome.status).toBe(429);
  });

  it("says not-set-up for a member without it and for nobody signed in", async () => {
    const member = await makeUser(db());
    expect(await verifySecondFactor(asked(await cookieFor(member)), "123456")).toBe("not-set-up");
    expect(await verifySecondFactor(asked(""), "123456")).toBe("not-set-up");
  });
});

describe("sockets of staff without two-factor", () => {
  let server: TestServer;
  const sockets: Client[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await server?.close();
  });

  it.each(TWO_FACTOR_ROLES.map((r) => [r]))("as %s: a password-only session joins no staff room; after the set-up it does", async (role) => {
    const cast = await makeCast();
    // A members-only thread in a forum the person is not in: only staff may follow it.
    const { thread } = await publishedThread(cast, { visibility: "members" });
    // (Officers read nothing of the forum: for them, only their own room is at stake.)
    const staffRooms = isStaff(role) ? [`thread:${thread.id}`, ...(role === "responder" ? [] : ["moderation"])] : [];
    const person = await makePerson(role, { twoFactor: false });
    // better-auth's own endpoint, as a script would use it: a password-only session.
    const cookie = await signIn(server.url, person);
    const before = await openSocket(server.url, cookie);
    sockets.push(before);
    for (const room of [...staffRooms, "moderation"]) expect(await join(before, room), room).toEqual({ ok: false, error: "not allowed" });
    expect(await join(before, `user:${person.id}`), "not even their own room: the socket counts as signed out").toEqual({ ok: false, error: "not allowed" });

    const started = await fromSite(`${server.url}/api/auth/two-factor/enable`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ password: person.password }),
    });
    expect(started.status).toBe(200);
    const { totpURI } = (await started.json()) as { totpURI: string };
    const secret = new URL(totpURI).searchParams.get("secret")!;
    const verified = await fromSite(`${server.url}/api/auth/two-factor/verify-totp`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ code: totpCode(secret) }),
    });
    expect(verified.status).toBe(200);
    const fullCookie = verified.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => !c.endsWith("="))
      .join("; ");
    const after = await openSocket(server.url, fullCookie);
    sockets.push(after);
    for (const room of staffRooms) expect((await join(after, room)).ok, room).toBe(true);
    expect((await join(after, `user:${person.id}`)).ok).toBe(true);
  });
});
