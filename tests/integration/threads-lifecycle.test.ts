// The post lifecycle (PRODUCT.md "Threads and posts", issue 3 "Tests"): every move in
// ALLOWED_FROM from every status, allowed or refused, and what each move does to the thread,
// the audit log, the author's notifications and the moderators' queue email.
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { outbox } from "../../db/schema/outbox";
import { listReviewQueue } from "../../app/models/threads/review-queue.server";
import { savePreferences } from "../../app/models/notifications/notifications.server";
import { ALLOWED_FROM, DecisionConflictError, PostNotFoundError, transitionPost, type PostStatus, type Transition } from "../../app/models/threads/post-lifecycle.server";
import { listForumThreads, listThreadPosts } from "../../app/models/threads/threads.server";
import { REJECTION_REASONS } from "../../app/utils/content-warnings";
import { openTestDatabase, resetDatabase } from "../db";
import {
  approvedReplies,
  auditFor,
  makeCast,
  notificationsFor,
  outboxTo,
  pendingThread,
  postRow,
  publishedThread,
  reply,
  replyIn,
  threadRow,
  type Cast,
} from "../support/threads";
import { reportPost } from "../../app/models/threads/reports.server";
import { listSafeguarding } from "../../app/models/threads/safeguarding.server";

// The table's 54 cases share one cast and one thread (each case makes its own post, and every
// assertion is about that post or a before/after difference), so the database is emptied once
// for the table and before each of the other tests.
const emptyDatabase = async () => resetDatabase(await openTestDatabase());

const STATUSES: PostStatus[] = ["pending", "approved", "rejected", "withdrawn", "hidden", "safeguarding"];

/** One concrete move of each kind, with the audit reason it must record. */
const MOVES: Record<Transition["kind"], { transition: Transition; to: (from: PostStatus) => PostStatus; reason: string | null }> = {
  approve: { transition: { kind: "approve" }, to: () => "approved", reason: null },
  reject: {
    transition: { kind: "reject", reason: "live-case", note: "Please leave out the court date." },
    to: () => "rejected",
    reason: `${REJECTION_REASONS["live-case"]} — Please leave out the court date.`,
  },
  redact: {
    transition: { kind: "redact", body: "I was followed home from [street removed].", note: "We removed the street name." },
    to: () => "approved",
    reason: "We removed the street name.",
  },
  "set-warnings": { transition: { kind: "set-warnings", warnings: ["violence", "domestic-abuse"] }, to: (from) => from, reason: "violence, domestic-abuse" },
  escalate: { transition: { kind: "escalate", note: "Mentions being in danger tonight." }, to: () => "safeguarding", reason: "Mentions being in danger tonight." },
  reopen: { transition: { kind: "reopen" }, to: () => "pending", reason: null },
  hide: { transition: { kind: "hide", note: "Report upheld." }, to: () => "hidden", reason: "Report upheld." },
  withdraw: { transition: { kind: "withdraw" }, to: () => "withdrawn", reason: null },
  resubmit: { transition: { kind: "resubmit", body: "I have taken the names out now.", warnings: [] }, to: () => "pending", reason: null },
};

const AUTHOR_MOVES = new Set<Transition["kind"]>(["withdraw", "resubmit"]);

const table = (Object.keys(ALLOWED_FROM) as Transition["kind"][]).flatMap((kind) =>
  STATUSES.map((from) => ({ kind, from, allowed: ALLOWED_FROM[kind].includes(from) })),
);

describe("the transition table", () => {
  let cast: Cast;
  let thread: Awaited<ReturnType<typeof publishedThread>>["thread"];
  beforeAll(async () => {
    await emptyDatabase();
    cast = await makeCast();
    ({ thread } = await publishedThread(cast));
  });

  it("covers every move and every status", () => {
    expect(Object.keys(MOVES).sort()).toEqual(Object.keys(ALLOWED_FROM).sort());
    const named = new Set(Object.values(ALLOWED_FROM).flat());
    for (const s of named) expect(STATUSES).toContain(s);
    expect(table).toHaveLength(Object.keys(ALLOWED_FROM).length * STATUSES.length);
  });

  it.each(table.map((c) => [`${c.kind} from ${c.from} is ${c.allowed ? "allowed" : "refused"}`, c] as const))("%s", async (_, { kind, from, allowed }) => {
    const target = await replyIn(cast, thread.id, from);
    expect(target.status).toBe(from);
    const actor = AUTHOR_MOVES.has(kind) ? cast.member : cast.moderator;
    const move = MOVES[kind];
    const beforePost = await postRow(target.id);
    const beforeThread = await threadRow(thread.id);
    const auditBefore = (await auditFor(target.id)).length;
    const notesBefore = (await notificationsFor(cast.member.id)).length;
    const mailBefore = (await outboxTo(cast.made.member.email)).length;
    const decisionNotesBefore = (await notificationsFor(cast.member.id, "post-decision")).length;
    const decisionMailBefore = (await outboxTo(cast.made.member.email, "post-decision")).length;

    const attempt = transitionPost({ postId: target.id, actor, transition: move.transition, expectedVersion: beforePost.version });

    if (!allowed) {
      const err = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DecisionConflictError);
      // The moderator read the current version: the move is refused for what the post is now.
      expect((err as DecisionConflictError).message).toMatch(/^This post has already been .+\. Nothing was changed\.$/);
      expect((err as DecisionConflictError).current.status).toBe(from);
      expect(await postRow(target.id)).toEqual(beforePost);
      expect(await threadRow(thread.id)).toEqual(beforeThread);
      expect(await auditFor(target.id)).toHaveLength(auditBefore);
      expect(await notificationsFor(cast.member.id)).toHaveLength(notesBefore);
      expect(await outboxTo(cast.made.member.email)).toHaveLength(mailBefore);
      return;
    }

    const after = await attempt;
    expect(after.status).toBe(move.to(from));
    expect(after.version).toBe(beforePost.version + 1);
    // The thread's counter always equals what readers can see.
    expect((await threadRow(thread.id)).replyCount).toBe(await approvedReplies(thread.id));
    const newAudit = (await auditFor(target.id)).slice(auditBefore);
    if (AUTHOR_MOVES.has(kind)) {
      expect(newAudit).toEqual([]);
    } else {
      expect(newAudit).toHaveLength(1);
      expect(newAudit[0]).toMatchObject({ actorId: cast.moderator.id, action: `post.${kind}`, targetType: "post", reason: move.reason });
      expect(newAudit[0].details).toMatchObject({ from, to: after.status, threadId: thread.id });
      // Every moderator decision tells the author once, in the site and by email.
      expect(await notificationsFor(cast.member.id, "post-decision")).toHaveLength(decisionNotesBefore + 1);
      expect(await outboxTo(cast.made.member.email, "post-decision")).toHaveLength(decisionMailBefore + 1);
    }
  });
});

describe("what moves do to threads", () => {
  beforeEach(emptyDatabase);

  it("approving the opening post publishes the thread", async () => {
    const cast = await makeCast();
    const { thread, post: opening } = await pendingThread(cast, { visibility: "public" });
    expect((await threadRow(thread.id)).published).toBe(false);
    expect((await listForumThreads({ forumId: cast.forum.id, viewer: cast.member })).threads).toEqual([]);
    const at = new Date("2026-03-02T10:00:00Z");
    await transitionPost({ postId: opening.id, actor: cast.moderator, transition: { kind: "approve" }, now: at });
    const t = await threadRow(thread.id);
    expect(t).toMatchObject({ published: true, replyCount: 0 });
    expect(t.lastActivityAt.toISOString()).toBe(at.toISOString());
    expect((await listForumThreads({ forumId: cast.forum.id, viewer: null })).threads.map((r) => r.id)).toEqual([thread.id]);
  });

  it("withdrawing or hiding the opening post takes the thread out of the lists", async () => {
    const cast = await makeCast();
    const a = await publishedThread(cast, { visibility: "public" });
    const b = await publishedThread(cast, { visibility: "public" });
    await transitionPost({ postId: a.opening.id, actor: cast.author, transition: { kind: "withdraw" } });
    await transitionPost({ postId: b.opening.id, actor: cast.moderator, transition: { kind: "hide" } });
    expect((await threadRow(a.thread.id)).published).toBe(false);
    expect((await threadRow(b.thread.id)).published).toBe(false);
    expect((await listForumThreads({ forumId: cast.forum.id, viewer: cast.moderator })).threads).toEqual([]);
  });

  it("approving replies counts them and bumps the thread's last activity", async () => {
    const cast = await makeCast();
    const t0 = new Date("2026-03-02T09:00:00Z");
    const { thread } = await publishedThread(cast, { now: t0 });
    const r1 = await reply(thread.id, cast.member, { now: new Date("2026-03-02T09:30:00Z") });
    const r2 = await reply(thread.id, cast.author, { now: new Date("2026-03-02T09:31:00Z") });
    // Pending replies are not counted and do not move the thread up the list.
    expect(await threadRow(thread.id)).toMatchObject({ replyCount: 0, lastActivityAt: t0 });
    const t1 = new Date("2026-03-02T11:00:00Z");
    await transitionPost({ postId: r1.id, actor: cast.moderator, transition: { kind: "approve" }, now: t1 });
    expect(await threadRow(thread.id)).toMatchObject({ replyCount: 1, lastActivityAt: t1 });
    const t2 = new Date("2026-03-02T12:00:00Z");
    await transitionPost({ postId: r2.id, actor: cast.moderator, transition: { kind: "approve" }, now: t2 });
    expect(await threadRow(thread.id)).toMatchObject({ replyCount: 2, lastActivityAt: t2 });
    const [listed] = (await listForumThreads({ forumId: cast.forum.id, viewer: cast.member })).threads;
    expect(listed).toMatchObject({ id: thread.id, replyCount: 2 });
  });

  it("hiding or withdrawing an approved reply takes it off the count, and never below zero", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const r1 = await replyIn(cast, thread.id, "approved", cast.member);
    const r2 = await replyIn(cast, thread.id, "approved", cast.author);
    expect((await threadRow(thread.id)).replyCount).toBe(2);
    await transitionPost({ postId: r1.id, actor: cast.moderator, transition: { kind: "hide", note: "Reported." } });
    expect((await threadRow(thread.id)).replyCount).toBe(1);
    await transitionPost({ postId: r2.id, actor: cast.author, transition: { kind: "withdraw" } });
    expect((await threadRow(thread.id)).replyCount).toBe(0);
    // Reopening and approving the hidden one again counts it once more.
    await transitionPost({ postId: r1.id, actor: cast.moderator, transition: { kind: "reopen" } });
    expect((await threadRow(thread.id)).replyCount).toBe(0);
    await transitionPost({ postId: r1.id, actor: cast.moderator, transition: { kind: "approve" } });
    expect((await threadRow(thread.id)).replyCount).toBe(1);
    expect((await listThreadPosts(thread.id, cast.outsider)).length).toBe(0);
    expect((await listThreadPosts(thread.id, cast.moderator)).map((p) => p.id)).toContain(r1.id);
  });
});

describe("safeguarding", () => {
  beforeEach(emptyDatabase);

  it("an 'I am at risk now' post goes to the safeguarding list and is never shown to others", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "public" });
    const risky = await reply(thread.id, cast.member, { atRisk: true, body: "He is outside my door right now." });
    expect(risky).toMatchObject({ status: "safeguarding", atRisk: true });
    for (const viewer of [null, cast.author, cast.outsider, cast.moderator, cast.met, cast.admin]) {
      const ids = (await listThreadPosts(thread.id, viewer)).map((p) => p.id);
      expect(ids).not.toContain(risky.id);
    }
    // Its author still sees what they wrote, with its status.
    const own = (await listThreadPosts(thread.id, cast.member)).find((p) => p.id === risky.id);
    expect(own?.status).toBe("safeguarding");
    // It leaves the ordinary queue for the safeguarding list.
    expect((await listReviewQueue()).map((i) => i.postId)).not.toContain(risky.id);
    expect((await listSafeguarding()).map((i) => i.postId)).toEqual([risky.id]);
    // Approval is refused: it is never published as it stands.
    await expect(transitionPost({ postId: risky.id, actor: cast.moderator, transition: { kind: "approve" } })).rejects.toBeInstanceOf(DecisionConflictError);
    expect((await threadRow(thread.id)).replyCount).toBe(0);
  });

  it("escalating an approved post moves it out of view and off the count", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const p = await replyIn(cast, thread.id, "approved");
    expect((await listThreadPosts(thread.id, cast.author)).map((r) => r.id)).toContain(p.id);
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "escalate", note: "Sounds unsafe." } });
    for (const viewer of [cast.author, cast.outsider, cast.moderator, cast.met, cast.admin]) {
      expect((await listThreadPosts(thread.id, viewer)).map((r) => r.id)).not.toContain(p.id);
    }
    expect((await threadRow(thread.id)).replyCount).toBe(0);
    expect((await listSafeguarding()).map((i) => i.postId)).toEqual([p.id]);
    const [note] = await notificationsFor(cast.member.id, "post-decision").then((rows) => rows.slice(-1));
    expect(note.message).toMatch(/safeguarding lead/);
  });
});

describe("moderator decisions and their effects", () => {
  beforeEach(emptyDatabase);

  async function pendingReply(cast: Cast) {
    const { thread } = await publishedThread(cast);
    return { thread, p: await reply(thread.id, cast.member, { body: "I live at 12 Acacia Avenue, and it happened there." }) };
  }

  it("redact stores the new source, its sanitized HTML and the note, and tells the author", async () => {
    const cast = await makeCast();
    const { thread, p } = await pendingReply(cast);
    const redacted = "I live at [address removed], and it happened there. <script>alert(1)</script>";
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "redact", body: redacted, note: "We took out your address." } });
    const row = await postRow(p.id);
    expect(row).toMatchObject({ status: "approved", bodySource: redacted, redactionNote: "We took out your address.", decidedById: cast.moderator.id });
    expect(row.redactedAt).toBeInstanceOf(Date);
    expect(row.bodyHtml).toContain("[address removed]");
    expect(row.bodyHtml).not.toContain("<script");
    expect(row.bodyHtml).not.toContain("Acacia");
    // Readers see the redacted text and the note.
    const shown = (await listThreadPosts(thread.id, cast.author)).find((r) => r.id === p.id);
    expect(shown).toMatchObject({ bodyHtml: row.bodyHtml, redactionNote: "We took out your address.", bodySource: null });
    const notes = await notificationsFor(cast.member.id, "post-decision");
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain("We took out your address.");
    expect(notes[0].url).toBe(`/threads/${thread.id}#post-${p.id}`);
    const mail = await outboxTo(cast.made.member.email, "post-decision");
    expect(mail.map((m) => m.subject)).toEqual(["A moderator edited your post"]);
    // The email never quotes the post itself.
    expect(mail[0].text).not.toContain("Acacia");
  });

  it("reject stores the reason and tells the author in the site and by email", async () => {
    const cast = await makeCast();
    const { thread, p } = await pendingReply(cast);
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "reject", reason: "identifying", note: "Your address is in it." } });
    expect(await postRow(p.id)).toMatchObject({ status: "rejected", rejectionReason: "identifying", rejectionNote: "Your address is in it." });
    const notes = await notificationsFor(cast.member.id, "post-decision");
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain(REJECTION_REASONS.identifying);
    expect(notes[0].message).toContain("Your address is in it.");
    const mail = await outboxTo(cast.made.member.email, "post-decision");
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: "Your post was not approved", status: "pending" });
    expect(mail[0].text).toContain(REJECTION_REASONS.identifying);
    // The author sees the reason on the post; nobody else sees the post.
    const own = (await listThreadPosts(thread.id, cast.member)).find((r) => r.id === p.id);
    expect(own).toMatchObject({ status: "rejected", rejectionReason: "identifying", rejectionNote: "Your address is in it." });
    expect((await listThreadPosts(thread.id, cast.author)).map((r) => r.id)).not.toContain(p.id);
  });

  it("a rejected post, edited and resubmitted, returns to the queue as 'edited'", async () => {
    const cast = await makeCast();
    const { p } = await pendingReply(cast);
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "reject", reason: "identifying" } });
    const again = await transitionPost({
      postId: p.id,
      actor: cast.member,
      transition: { kind: "resubmit", body: "I live nearby, and it happened there.", warnings: ["violence"] },
    });
    expect(again).toMatchObject({
      status: "pending",
      reviewKind: "edited",
      bodySource: "I live nearby, and it happened there.",
      contentWarnings: ["violence"],
      rejectionReason: null,
      rejectionNote: null,
      decidedById: null,
    });
    expect(again.piiFindings).toEqual([]);
    const queued = (await listReviewQueue({ kind: "edited" })).map((i) => i.postId);
    expect(queued).toEqual([p.id]);
    expect((await listReviewQueue({ kind: "new" })).map((i) => i.postId)).not.toContain(p.id);
  });

  it("author moves are filtered by author: nobody else can withdraw or resubmit a post", async () => {
    const cast = await makeCast();
    const { p } = await pendingReply(cast);
    const before = await postRow(p.id);
    for (const actor of [cast.author, cast.outsider, cast.moderator, cast.admin, cast.met]) {
      await expect(transitionPost({ postId: p.id, actor, transition: { kind: "withdraw" } })).rejects.toBeInstanceOf(PostNotFoundError);
      await expect(transitionPost({ postId: p.id, actor, transition: { kind: "resubmit", body: "changed", warnings: [] } })).rejects.toBeInstanceOf(
        PostNotFoundError,
      );
    }
    expect(await postRow(p.id)).toEqual(before);
    expect(await auditFor(p.id)).toEqual([]);
  });

  it("every moderator decision writes exactly one audit entry naming who, what and why", async () => {
    const cast = await makeCast();
    const { p } = await pendingReply(cast);
    const steps: { actor: typeof cast.moderator; transition: Transition; action: string; reason: string | null }[] = [
      { actor: cast.moderator, transition: { kind: "set-warnings", warnings: ["self-harm"] }, action: "post.set-warnings", reason: "self-harm" },
      // "Another reason" is stored as the moderator's words alone, with the code apart.
      { actor: cast.moderator2, transition: { kind: "reject", reason: "other", note: "Too raw." }, action: "post.reject", reason: "Too raw." },
      { actor: cast.admin, transition: { kind: "reopen" }, action: "post.reopen", reason: null },
      { actor: cast.moderator, transition: { kind: "approve" }, action: "post.approve", reason: null },
      { actor: cast.moderator2, transition: { kind: "hide", note: "Upheld a report." }, action: "post.hide", reason: "Upheld a report." },
    ];
    for (const [i, step] of steps.entries()) {
      await transitionPost({ postId: p.id, actor: step.actor, transition: step.transition });
      const entries = await auditFor(p.id);
      expect(entries).toHaveLength(i + 1);
      expect(entries[i]).toMatchObject({ actorId: step.actor.id, action: step.action, reason: step.reason, targetType: "post", targetId: p.id });
    }
    expect((await auditFor(p.id))[1].details).toMatchObject({ reasonCode: "other" });
    expect((await auditFor(p.id)).map((e) => e.reason ?? "").join()).not.toContain("explained below");
  });

  it("a member's post never reaches the audit log or the author's notifications by itself", async () => {
    const cast = await makeCast();
    const { p } = await pendingReply(cast);
    expect(await auditFor(p.id)).toEqual([]);
    expect(await notificationsFor(cast.member.id)).toEqual([]);
  });
});

describe("the moderators' queue email", () => {
  beforeEach(emptyDatabase);

  const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);

  async function queueMails(cast: Cast) {
    return {
      moderator: await outboxTo(cast.made.moderator.email, "review-queue"),
      moderator2: await outboxTo(cast.made.moderator2.email, "review-queue"),
      admin: await outboxTo(cast.made.admin.email, "review-queue"),
    };
  }

  it("is batched: posts within 15 minutes of the first make one email per moderator, a later one starts another", async () => {
    const cast = await makeCast();
    // The thread starts well before, so its own email is a batch of its own.
    const { thread } = await publishedThread(cast, { now: at("08:00") });
    expect((await queueMails(cast)).moderator).toHaveLength(1);
    // Deliberately across a quarter-hour boundary (10:14 → 10:28): batches run from the first
    // post, not from the clock.
    await reply(thread.id, cast.member, { now: at("10:14") });
    await reply(thread.id, cast.author, { now: at("10:16") });
    await reply(thread.id, cast.member, { now: at("10:28") });
    let mails = await queueMails(cast);
    expect(mails.moderator).toHaveLength(2);
    expect(mails.moderator2).toHaveLength(2);
    // Moderators, not admins, get the queue email.
    expect(mails.admin).toHaveLength(0);
    // Each email is keyed per moderator, so neither can swallow the other's.
    expect(new Set([...mails.moderator, ...mails.moderator2].map((m) => m.idempotencyKey)).size).toBe(4);
    await reply(thread.id, cast.author, { now: at("10:30") });
    mails = await queueMails(cast);
    expect(mails.moderator).toHaveLength(3);
    expect(mails.moderator2).toHaveLength(3);
    expect(mails.moderator[2].subject).toBe("New items in the review queue");
    // The queue email is email only: no in-site notification rows for it.
    expect(await notificationsFor(cast.moderator.id, "review-queue")).toEqual([]);
  });

  it("a report is a new item too: it starts a batch, and reporting the same post again sends nothing", async () => {
    const cast = await makeCast();
    const { opening } = await publishedThread(cast, { now: at("08:00") });
    expect((await queueMails(cast)).moderator).toHaveLength(1);
    await reportPost(cast.member, { postId: opening.id, reason: "It names someone" }, at("11:00"));
    expect((await queueMails(cast)).moderator).toHaveLength(2);
    expect((await queueMails(cast)).moderator2).toHaveLength(2);
    await reportPost(cast.member, { postId: opening.id, reason: "It names someone" }, at("11:30"));
    expect((await queueMails(cast)).moderator).toHaveLength(2);
  });

  it("is not sent to a moderator who switched it off", async () => {
    const cast = await makeCast();
    await savePreferences(cast.moderator2.id, [{ kind: "review-queue", inSite: true, email: false }]);
    await pendingThread(cast);
    const mails = await queueMails(cast);
    expect(mails.moderator).toHaveLength(1);
    expect(mails.moderator2).toHaveLength(0);
    expect(await db().select().from(outbox).where(and(eq(outbox.kind, "review-queue")))).toHaveLength(1);
  });
});
