// My Met Service, part 3: a victim answers without an account. A link takes one answer (even
// under 50 simultaneous submits), a used or expired one gets a kind page; the comment is checked
// for identifying details before it is sent and waits for a moderator, never public; a leaflet's
// standing form is counted apart and limited per address and per borough; a contact left to hear
// about the forum cannot be joined to the answer it came with.
import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { feedbackAnswer, feedbackInterest, feedbackLink } from "../../db/schema/feedback";
import { answerFeedbackLink, answerStandingForm, checkComment, FeedbackLimitError, FeedbackLinkGoneError } from "~/models/feedback/answers.server";
import { decideComment, dealWithInterest, listInterest, listPendingComments } from "~/models/feedback/comments.server";
import { issueFeedbackLink } from "~/models/feedback/links.server";
import { useFeedbackLimitStore } from "~/services/feedback-limits.server";
import * as linkPage from "~/routes/feedback.$token";
import * as standingPage from "~/routes/feedback.borough.$borough";
import * as moderationPage from "~/routes/moderation.feedback";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer, makeUser } from "../factories";
import { startTestServer, type TestServer } from "../support/server";
import { cookieFor, run } from "../support/routes";

useTestDatabase();

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = "a long enough password";
const FORM = { rating: "4", keptInformed: "yes", treatedWithRespect: "partly", toldRights: "no" };
const ANSWER = { rating: 4, keptInformed: "yes", treatedWithRespect: "partly", toldRights: "no" } as const;

async function issue(now = new Date(), borough = "newham") {
  const officer = await makeOfficer(db(), { borough, password: PASSWORD });
  const contactDate = new Date(now.getTime()).toISOString().slice(0, 10);
  const issued = await issueFeedbackLink(asCurrentUser(officer), { contactDate, contactKind: "attended-report", channel: "qr" }, now);
  return { officer, ...issued };
}

const answers = () => db().select().from(feedbackAnswer);

describe("a single-use link", () => {
  it("lives issued → used: the form takes one answer with the link's officer, borough and kind of contact, then reads as used (410)", async () => {
    const { token, officer, link } = await issue();
    const path = `/feedback/${token}`;
    const opened = await run(linkPage.loader, path, { params: { token } });
    expect(opened.status).toBe(200);
    expect(opened.data).toEqual({ state: "open" });
    expect(opened.headers.get("cache-control")).toBe("private, no-store");

    const sent = await run(linkPage.action, path, { params: { token }, form: { ...FORM, comment: "" } });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/feedback/thanks");
    const [answer] = await answers();
    expect(answer).toMatchObject({ linkId: link.id, channel: "link", officerId: officer.id, borough: "newham", contactKind: "attended-report", rating: 4, keptInformed: "yes", treatedWithRespect: "partly", toldRights: "no", comment: null, commentStatus: null });
    const [used] = await db().select().from(feedbackLink);
    expect(used.usedAt).not.toBeNull();

    const again = await run(linkPage.loader, path, { params: { token } });
    expect(again.status).toBe(410);
    expect(again.data).toEqual({ state: "used" });
    const resent = await run(linkPage.action, path, { params: { token }, form: FORM });
    expect(resent.status).toBe(410);
    expect(resent.data).toMatchObject({ state: "used" });
    expect(await answers()).toHaveLength(1);
  });

  it("lives issued → expired after 14 days: a kind page (410) and nothing stored; an unknown token is not found (404)", async () => {
    const issuedAt = new Date(Date.now() - 15 * DAY);
    const { token } = await issue(issuedAt);
    const opened = await run(linkPage.loader, `/feedback/${token}`, { params: { token } });
    expect(opened.status).toBe(410);
    expect(opened.data).toEqual({ state: "expired" });
    const sent = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: FORM });
    expect(sent.status).toBe(410);
    expect(sent.data).toMatchObject({ state: "expired" });
    await expect(answerFeedbackLink(token, ANSWER)).rejects.toMatchObject({ state: "expired" });
    expect(await answers()).toHaveLength(0);
    const [link] = await db().select().from(feedbackLink);
    expect(link.usedAt).toBeNull();

    const unknown = "x".repeat(32);
    expect((await run(linkPage.loader, `/feedback/${unknown}`, { params: { token: unknown } })).status).toBe(404);
    const posted = await run(linkPage.action, `/feedback/${unknown}`, { params: { token: unknown }, form: FORM });
    expect(posted.status).toBe(404);
    expect(posted.data).toMatchObject({ state: "unknown" });
  });

  it("takes exactly one answer from 50 simultaneous submits; the other 49 are told it was used", async () => {
    const { token } = await issue();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => answerFeedbackLink(token, { ...ANSWER, rating: (i % 5) + 1 })));
    const stored = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(stored).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(FeedbackLinkGoneError);
      expect(r.reason.state).toBe("used");
    }
    expect(await answers()).toHaveLength(1);
  });

  it("re-shows the form with each missing answer named and the input kept, storing nothing and leaving the link open", async () => {
    const { token } = await issue();
    const sent = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { keptInformed: "yes", comment: "The officer listened." } });
    expect(sent.status).toBe(400);
    expect(Object.keys(sent.data.result.error).sort()).toEqual(["rating", "toldRights", "treatedWithRespect"]);
    expect(sent.data.result.initialValue).toMatchObject({ keptInformed: "yes", comment: "The officer listened." });
    const wantsButNoContact = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, wantsToHear: "yes" } });
    expect(wantsButNoContact.data.result.error).toHaveProperty("interestContact");
    const badContact = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, wantsToHear: "yes", interestContact: "call me" } });
    expect(badContact.status).toBe(400);
    expect(badContact.data.result.error.interestContact[0]).toMatch(/email address .* or a UK mobile number/);
    expect(await answers()).toHaveLength(0);
    expect((await run(linkPage.loader, `/feedback/${token}`, { params: { token } })).data).toEqual({ state: "open" });
  });
});

describe("the comment", () => {
  it("is checked for identifying details before it is sent: the victim is shown them, can edit, or send anyway", async () => {
    const { token } = await issue();
    const comment = "PC Jones was kind. Call me on 07700 900123 if you need to.";
    const warned = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, comment } });
    expect(warned.status).toBe(200);
    expect(warned.data.pii.fields[0].findings.map((f: { kind: string }) => f.kind)).toContain("phone");
    expect(warned.data.result.initialValue.comment).toBe(comment);
    expect(await answers()).toHaveLength(0);

    // Confirming an edited text does not carry the old confirmation over.
    const edited = "PC Jones was kind. Call me on 07700 900124 if you need to.";
    const rewarned = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, comment: edited, piiConfirmed: warned.data.pii.hash } });
    expect(rewarned.data.pii).not.toBeNull();

    const sent = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, comment: edited, piiConfirmed: rewarned.data.pii.hash } });
    expect(sent.status).toBe(302);
    const [answer] = await answers();
    expect(answer).toMatchObject({ comment: edited, commentStatus: "pending" });
    expect((answer.commentFindings as { kind: string }[]).map((f) => f.kind)).toContain("phone");
    expect(checkComment("The officer was kind and patient with me.")).toBeNull();
  });

  it("waits for a moderator, who approves, redacts or rejects it (once: a second decision is refused); nobody else can open the page", async () => {
    const moderator = await makeUser(db(), { role: "moderator", password: PASSWORD });
    const member = await makeUser(db(), { role: "member", password: PASSWORD });
    const responder = await makeUser(db(), { role: "responder", password: PASSWORD });
    for (const text of ["First comment, the officer was kind.", "Second comment, call 07700 900123.", "Third comment, rude."]) {
      const { token } = await issue();
      await answerFeedbackLink(token, { ...ANSWER, comment: text });
    }
    const cookie = await cookieFor(moderator);
    const page = await run(moderationPage.loader, "/moderation/feedback", { cookie });
    expect(page.data.comments.map((c: { comment: string }) => c.comment)).toEqual(["First comment, the officer was kind.", "Second comment, call 07700 900123.", "Third comment, rude."]);
    expect(page.data.comments[1].segments.some((s: { kind: string | null }) => s.kind)).toBe(true);
    const [first, second, third] = page.data.comments.map((c: { id: string }) => c.id);

    expect((await run(moderationPage.action, "/moderation/feedback", { cookie, form: { intent: "approve", answerId: first } })).headers.get("location")).toBe("/moderation/feedback?done=approve");
    await run(moderationPage.action, "/moderation/feedback", { cookie, form: { intent: "redact", answerId: second, text: "Second comment, call [number removed]." } });
    await run(moderationPage.action, "/moderation/feedback", { cookie, form: { intent: "reject", answerId: third } });
    const twice = await run(moderationPage.action, "/moderation/feedback", { cookie, form: { intent: "reject", answerId: first } });
    expect(twice.status).toBe(409);
    expect(twice.data.result.error[""][0]).toBe("This comment has already been reviewed");

    const rows = await db().select().from(feedbackAnswer).orderBy(feedbackAnswer.answeredAt);
    expect(rows.map((r) => [r.comment, r.commentStatus])).toEqual([
      ["First comment, the officer was kind.", "approved"],
      ["Second comment, call [number removed].", "approved"],
      ["Third comment, rude.", "rejected"],
    ]);
    expect(rows[1].commentFindings).toEqual([]);
    expect((await run(moderationPage.loader, "/moderation/feedback", { cookie })).data.comments).toEqual([]);
    const audited = await db().select().from(auditLog).where(sql`${auditLog.action} like 'feedback-comment.%'`);
    expect(audited.map((a) => a.action).sort()).toEqual(["feedback-comment.approve", "feedback-comment.redact", "feedback-comment.reject"]);

    for (const who of [member, responder]) {
      const c = await cookieFor(who);
      expect((await run(moderationPage.loader, "/moderation/feedback", { cookie: c })).status).toBe(403);
      expect((await run(moderationPage.action, "/moderation/feedback", { cookie: c, form: { intent: "approve", answerId: first } })).status).toBe(403);
    }
    expect((await run(moderationPage.loader, "/moderation/feedback")).status).toBe(302);
  });

  describe("never public", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(async () => {
      await server?.close();
    });

    it("an approved comment appears on no page, feed or file a signed-out reader can open", async () => {
      const marker = `approvedcomment${Date.now().toString(36)}`;
      const { token } = await issue();
      await answerFeedbackLink(token, { ...ANSWER, comment: `The officer was kind ${marker}` });
      const standing = await answerStandingForm("hackney", { ...ANSWER, comment: `Leaflet comment ${marker}` }, { address: "192.0.2.1" });
      const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
      for (const c of await listPendingComments(moderator)) await decideComment(moderator, c.id, { intent: "approve" });
      expect(standing.commentStatus).toBe("pending");
      const openData = await (await fetch(`${server.url}/open-data`)).text();
      const files = [...openData.matchAll(/href="(\/open-data\/[^"]+)"/g)].map((m) => m[1]);
      const paths = ["/", "/accountability", "/responses", "/actions", "/consultations", "/meetings", "/forums", "/open-data", "/feeds/responses.atom", "/feeds/results.atom", "/leaflets/hackney", ...files, `/feedback/${token}`, "/feedback/borough/hackney", "/feedback/thanks", "/moderation/feedback"];
      for (const path of paths) {
        const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
        // Each is a real answer (a page, a file, the used link's kind page, the sign-in redirect), not a failure.
        expect(res.status, path).toBeLessThan(path === `/feedback/${token}` ? 411 : 400);
        expect(await res.text(), path).not.toContain(marker);
      }
    });
  });
});

describe("a leaflet's standing form", () => {
  const saved = { address: process.env.RATE_LIMIT_FEEDBACK_ADDRESS, borough: process.env.RATE_LIMIT_FEEDBACK_BOROUGH };
  beforeEach(() => {
    process.env.RATE_LIMIT_FEEDBACK_ADDRESS = "3";
    process.env.RATE_LIMIT_FEEDBACK_BOROUGH = "5";
    useFeedbackLimitStore();
  });
  afterEach(() => {
    for (const [k, v] of [["RATE_LIMIT_FEEDBACK_ADDRESS", saved.address], ["RATE_LIMIT_FEEDBACK_BOROUGH", saved.borough]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    useFeedbackLimitStore();
  });

  it("stores answers counted apart (channel standing, no officer, no contact) in the borough of the leaflet; an unknown borough is not found", async () => {
    const loaded = await run(standingPage.loader, "/feedback/borough/tower-hamlets", { params: { borough: "tower-hamlets" } });
    expect(loaded.data).toEqual({ borough: "Tower Hamlets" });
    const sent = await run(standingPage.action, "/feedback/borough/tower-hamlets", { params: { borough: "tower-hamlets" }, form: FORM });
    expect(sent.status).toBe(302);
    expect(await answers()).toEqual([expect.objectContaining({ channel: "standing", borough: "tower-hamlets", officerId: null, linkId: null, contactKind: null, rating: 4 })]);
    expect((await run(standingPage.loader, "/feedback/borough/atlantis", { params: { borough: "atlantis" } })).status).toBe(404);
    expect((await run(standingPage.action, "/feedback/borough/atlantis", { params: { borough: "atlantis" }, form: FORM })).status).toBe(404);
    expect(await answers()).toHaveLength(1);
  });

  it("takes 3 answers an hour from one address and 5 an hour for one borough; a refused answer stores nothing and the page says to try later", async () => {
    const from = (address: string, borough = "havering") => answerStandingForm(borough, ANSWER, { address });
    for (let i = 0; i < 3; i++) await from("198.51.100.7");
    await expect(from("198.51.100.7")).rejects.toMatchObject({ refusal: { scope: "address" } });
    // Another borough from the same address: still that address's limit.
    await expect(from("198.51.100.7", "newham")).rejects.toBeInstanceOf(FeedbackLimitError);
    await from("198.51.100.8");
    await from("198.51.100.9");
    // Havering has had 5 this hour, from any address.
    await expect(from("198.51.100.10")).rejects.toMatchObject({ refusal: { scope: "borough" } });
    await from("198.51.100.10", "newham");
    expect(await answers()).toHaveLength(6);

    // Through the page (the limit counts the address the server saw): the kind page, 429.
    for (let i = 0; i < 3; i++) await run(standingPage.action, "/feedback/borough/redbridge", { params: { borough: "redbridge" }, form: FORM });
    const refused = await run(standingPage.action, "/feedback/borough/redbridge", { params: { borough: "redbridge" }, form: FORM });
    expect(refused.status).toBe(429);
    expect(refused.data.limited).toMatch(/try again later/);
    expect(await answers()).toHaveLength(9);
  });

  it("counts only answers stored: a form sent back with a warning or an error uses none of the limit", async () => {
    for (let i = 0; i < 5; i++) {
      await run(standingPage.action, "/feedback/borough/hackney", { params: { borough: "hackney" }, form: { rating: "3" } });
      await run(standingPage.action, "/feedback/borough/hackney", { params: { borough: "hackney" }, form: { ...FORM, comment: "Ring me on 07700 900123" } });
    }
    expect(await answers()).toHaveLength(0);
    for (let i = 0; i < 3; i++) await answerStandingForm("hackney", ANSWER, { address: "203.0.113.5" });
    expect(await answers()).toHaveLength(3);
  });
});

describe("hearing about the forum", () => {
  it("stores the contact apart from the answer: no key, no borough, only the month, a transaction of its own, and listed in no order of arrival", async () => {
    const contacts = Array.from({ length: 12 }, (_, i) => `victim${i}@example.test`);
    for (const [i, contact] of contacts.entries()) {
      if (i % 2) {
        await answerStandingForm("newham", { ...ANSWER, interestContact: contact.toUpperCase() }, { address: `192.0.2.${i}` });
      } else {
        const { token } = await issue();
        const sent = await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, wantsToHear: "yes", interestContact: ` ${contact} ` } });
        expect(sent.headers.get("location")).toBe("/feedback/thanks?forum=1");
      }
    }
    // A contact typed but "No, thank you" chosen is not kept.
    const { token } = await issue();
    await run(linkPage.action, `/feedback/${token}`, { params: { token }, form: { ...FORM, wantsToHear: "no", interestContact: "not-wanted@example.test" } });

    const interest = await db().select().from(feedbackInterest);
    expect(interest.map((i) => i.contact).sort()).toEqual([...contacts].sort());
    const month = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" }).slice(0, 7);
    for (const row of interest) expect(Object.keys(row).sort()).toEqual(["contact", "id", "month"]);
    expect(new Set(interest.map((i) => i.month))).toEqual(new Set([month]));

    // The database knows no link between the tables: no foreign key, no shared column.
    const keys = await db().execute<{ conname: string }>(sql`select conname from pg_constraint where conrelid = 'feedback_interest'::regclass and contype = 'f'`);
    expect((keys as unknown as { rows: unknown[] }).rows ?? keys).toHaveLength(0);
    const columns = await db().execute<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'feedback_interest' order by column_name`);
    const names = (((columns as unknown as { rows?: { column_name: string }[] }).rows ?? columns) as { column_name: string }[]).map((c) => c.column_name);
    expect(names).toEqual(["contact", "id", "month"]);
    // Not written in the answer's transaction: no transaction id is shared.
    const xids = async (table: string) => {
      const r = await db().execute<{ x: string }>(sql.raw(`select xmin::text as x from ${table}`));
      return (((r as unknown as { rows?: { x: string }[] }).rows ?? r) as { x: string }[]).map((row) => row.x);
    };
    const answerXids = new Set(await xids("feedback_answer"));
    expect((await xids("feedback_interest")).filter((x) => answerXids.has(x))).toEqual([]);

    // The moderators' list is in the order of random ids, not of arrival.
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    const listed = (await listInterest(moderator)).map((i) => i.contact);
    expect(listed).not.toEqual(contacts);
    expect(listed).toEqual([...listed].sort((a, b) => interest.find((i) => i.contact === a)!.id.localeCompare(interest.find((i) => i.contact === b)!.id)));

    // Dealt with: deleted, and the audit entry does not hold the contact.
    await dealWithInterest(moderator, interest[0].id);
    expect(await db().select().from(feedbackInterest).where(eq(feedbackInterest.id, interest[0].id))).toHaveLength(0);
    expect(JSON.stringify(await db().select().from(auditLog))).not.toContain(interest[0].contact);
  });
});
