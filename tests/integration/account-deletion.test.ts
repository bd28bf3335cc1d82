// Deleting my account (issue 11, item 3), both choices: posts kept as "Former member" or their
// text removed; the email, name and password hash gone from every table (every row of every
// table is searched); an audit entry without personal data; other members' data and the public
// pages unchanged; consultation answers only in the totals; and one transaction, so a failure
// forced in the middle leaves everything as it was.
import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { account, session, user } from "../../db/schema/auth";
import { consultationResponse } from "../../db/schema/consultations";
import { AccountDeletionError, deleteOwnAccount, REMOVED_AT_AUTHORS_REQUEST } from "~/models/people/account-deletion.server";
import { getOwnAnswers } from "~/models/consultations/answers.server";
import { getThreadForViewer, listThreadPosts } from "~/models/threads/threads.server";
import { exportMyData } from "~/models/people/my-data.server";
import { auth } from "~/services/auth.server";
import { renderMarkdown } from "~/services/markdown.server";
import { action as deleteAction, loader as deleteLoader } from "~/routes/account_.delete";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeUser } from "../factories";
import { cookieFor, run } from "../support/routes";
import { makeMembersWithData, rowsContaining } from "./members-data-fixtures";

useTestDatabase();

async function passwordHash(userId: string) {
  const [row] = await db().select({ password: account.password }).from(account).where(eq(account.userId, userId));
  return row.password!;
}

/** The thread as a signed-out reader (public pages) and as another member sees it. */
async function threadAs(threadId: string, viewer: { id: string; role: "member" } | null) {
  const t = await getThreadForViewer(threadId, viewer);
  const posts = t ? await listThreadPosts(t.id, viewer) : [];
  return { title: t?.title, posts: posts.map((p) => ({ id: p.id, author: p.authorName, html: p.bodyHtml })) };
}

describe("deleting my account", () => {
  it.each(["keep", "remove"] as const)("erases the member everywhere and handles their posts as chosen (%s)", async (choice) => {
    const world = await makeMembersWithData();
    const { zara, otto, zaraWrote, ottoWrote } = world;
    const hash = await passwordHash(zara.id);
    const ottoBefore = await exportMyData(otto.id);
    const ottoThreadBefore = await threadAs(world.ottoThreadId, null);
    const [{ n: responsesBefore }] = await db().select({ n: sql<number>`count(*)::int` }).from(consultationResponse);
    // She was signed in: that session ends.
    await cookieFor(world.zaraMade);
    expect(await db().select().from(session).where(eq(session.userId, zara.id))).not.toHaveLength(0);

    await deleteOwnAccount(zara, { posts: choice });

    // Email, name and password hash: in no row of any table.
    for (const secret of ["zara.zebrafinch@example.test", "Zara Zebrafinch", "Zebrafinch", hash]) {
      expect(await rowsContaining(secret), secret).toEqual([]);
    }
    expect(await db().select().from(session).where(eq(session.userId, zara.id))).toEqual([]);
    const signIn = await auth().api.signInEmail({ body: { email: "zara.zebrafinch@example.test", password: world.zaraMade.password }, asResponse: true });
    expect(signIn.status).toBe(401);

    // The audit entry: what happened and the choice, nothing personal.
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "user.delete"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ targetType: "user", targetId: zara.id, reason: null, details: { posts: choice === "keep" ? "kept" : "removed" } });

    // Her published posts, as the public and Otto see them.
    const publicView = await threadAs(world.ottoThreadId, null);
    const ottoView = await threadAs(world.ottoThreadId, { id: otto.id, role: "member" });
    const hers = publicView.posts.filter((p) => p.author === "Former member");
    expect(hers.map((p) => p.id).sort()).toEqual([zaraWrote.posts.redacted.id].sort());
    expect(hers[0].html).toBe(renderMarkdown(choice === "keep" ? zaraWrote.posts.redacted.text : REMOVED_AT_AUTHORS_REQUEST));
    expect(ottoView.posts.filter((p) => p.author === "Former member").map((p) => p.html)).toEqual(hers.map((p) => p.html));
    const herThread = await threadAs(world.zaraThreadId, null);
    expect(herThread.title).toBe(choice === "keep" ? zaraWrote.threadTitle : REMOVED_AT_AUTHORS_REQUEST);
    expect(herThread.posts).toEqual([
      { id: zaraWrote.posts.approved.id, author: "Former member", html: renderMarkdown(choice === "keep" ? zaraWrote.posts.approved.text : REMOVED_AT_AUTHORS_REQUEST) },
    ]);
    const zebraRows = await rowsContaining("ZEBRA");
    if (choice === "remove") {
      // Her words are gone from posts, titles and minutes comments. What remains: her answer in
      // the consultation totals (unlinkable), her report of someone else's post, a quote the
      // minutes hold without her name, and moderators' own notes in the append-only audit log.
      const left = [...new Set(zebraRows.map((r) => r.table))];
      expect(left.filter((t) => !["audit_log", "consultation_text_answer", "meeting_quote", "post_report"].includes(t))).toEqual([]);
      expect(zebraRows.filter((r) => r.table === "audit_log").every((r) => /ZEBRA (rejection note|redaction note|PRIVATE)/.test(r.row))).toBe(true);
    }
    // Unpublished posts were withdrawn.
    const statuses = await db().execute<{ status: string }>(sql`select status from post where author_id = ${zara.id} and id in (${sql.join([zaraWrote.posts.pending.id, zaraWrote.posts.rejected.id].map((id) => sql`${id}::uuid`), sql`, `)})`);
    expect(((statuses as unknown as { rows?: { status: string }[] }).rows ?? (statuses as unknown as { status: string }[])).map((r) => r.status)).toEqual(["withdrawn", "withdrawn"]);

    // Consultation answers: still counted, but no longer hers, not even through her key.
    const [{ n: responsesAfter }] = await db().select({ n: sql<number>`count(*)::int` }).from(consultationResponse);
    expect(responsesAfter).toBe(responsesBefore);
    expect(await getOwnAnswers(world.consultation.consultation.id, zara.id)).toBeNull();
    expect(await getOwnAnswers(world.consultation.consultation.id, otto.id)).not.toBeNull();

    // Otto's data and his thread are as they were, apart from her posts now being a former member's.
    const ottoAfter = await exportMyData(otto.id);
    expect({ ...ottoAfter, about: null, account: { ...ottoAfter.account, signedInSessions: null } }).toEqual({
      ...ottoBefore,
      about: null,
      account: { ...ottoBefore.account, signedInSessions: null },
    });
    const ottosOwn = (view: typeof publicView) => view.posts.filter((p) => p.author !== "Former member" && p.author !== undefined && !p.author.startsWith("Zara"));
    expect(ottosOwn(publicView)).toEqual(ottosOwn(ottoThreadBefore));
    expect(ottoThreadBefore.title).toBe(publicView.title);
    expect(await rowsContaining(ottoWrote.minutesComment)).toHaveLength(1);
    expect(await rowsContaining("otto.otterlantern@example.test")).not.toEqual([]);
  });

  it("is one transaction: a failure half-way changes nothing", async () => {
    const world = await makeMembersWithData();
    const { zara } = world;
    await cookieFor(world.zaraMade);
    const snapshot = async () => ({
      user: await db().select().from(user).where(eq(user.id, zara.id)),
      sessions: (await db().select().from(session).where(eq(session.userId, zara.id))).length,
      hash: await passwordHash(zara.id),
      data: await exportMyData(zara.id, new Date(0)),
      audit: (await db().select().from(auditLog)).length,
    });
    const before = await snapshot();
    // A fault in the middle: after sessions, credentials, posts and consultation keys have been
    // changed, deleting the meeting replies fails.
    await db().execute(
      sql.raw(`create or replace function fail_rsvp_delete() returns trigger as $$ begin raise exception 'forced failure half-way'; end; $$ language plpgsql`),
    );
    await db().execute(sql.raw(`create trigger fail_rsvp_delete before delete on meeting_rsvp for each row execute function fail_rsvp_delete()`));
    try {
      await expect(deleteOwnAccount(zara, { posts: "remove" })).rejects.toThrow(/meeting_rsvp/);
    } finally {
      await db().execute(sql.raw(`drop trigger fail_rsvp_delete on meeting_rsvp`));
      await db().execute(sql.raw(`drop function fail_rsvp_delete()`));
    }
    expect(await snapshot()).toEqual(before);
    const signIn = await auth().api.signInEmail({ body: { email: world.zaraMade.email, password: world.zaraMade.password }, asResponse: true });
    expect(signIn.status).toBe(200);
    // And afterwards it works.
    await deleteOwnAccount(zara, { posts: "keep" });
    expect(await rowsContaining("Zara Zebrafinch")).toEqual([]);
  });

  it("refuses staff, and asks the member for their password and a choice", async () => {
    const moderator = await makeUser(db(), { role: "moderator", name: "Moderator Ruth" });
    await expect(deleteOwnAccount(asCurrentUser(moderator), { posts: "keep" })).rejects.toThrow(AccountDeletionError);
    const staffCookie = await cookieFor(moderator);
    const staffPage = await run(deleteLoader, "/account/delete", { cookie: staffCookie });
    expect(staffPage.data).toMatchObject({ staff: true });
    const staffPost = await run(deleteAction, "/account/delete", { cookie: staffCookie, form: { posts: "keep", password: moderator.password } });
    expect(staffPost.status).toBe(403);
    expect(staffPost.text).toMatch(/Staff accounts are deleted by an administrator/);

    const member = await makeUser(db(), { name: "Quiet Heron" });
    const cookie = await cookieFor(member);
    const empty = await run(deleteAction, "/account/delete", { cookie, form: {} });
    expect(empty.status).toBe(400);
    expect(empty.data.error).toMatchObject({ posts: ["Choose what happens to what you wrote"], password: ["Enter your password to confirm it is you"] });
    const wrong = await run(deleteAction, "/account/delete", { cookie, form: { posts: "remove", password: "not my password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.data.error.password).toEqual(["Your password is not right"]);
    expect(wrong.data.initialValue.posts).toBe("remove");
    expect((await db().select().from(user).where(eq(user.id, member.id)))[0].deletedAt).toBeNull();

    const done = await run(deleteAction, "/account/delete", { cookie, form: { posts: "keep", password: member.password } });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/?account-deleted=1");
    expect(done.headers.get("set-cookie")).toMatch(/vvf\.session_token=; Path=\/; Max-Age=0/);
    expect((await db().select().from(user).where(eq(user.id, member.id)))[0].deletedAt).not.toBeNull();
    // The old cookie no longer signs anyone in.
    const after = await run(deleteLoader, "/account/delete", { cookie });
    expect(after.status).toBe(302);
  });
});
