// Two moderators must never handle the same item unknowingly: a decision on an item someone
// already decided is refused with a message naming what happened and who, and leaves exactly
// one decision, one audit entry and one notification behind. On PostgreSQL
// (TEST_DATABASE_URL) the two decisions really run at once on two connections; on PGlite they
// queue, and the same outcome must hold.
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { notification } from "../../db/schema/notifications";
import { outbox } from "../../db/schema/outbox";
import { DecisionConflictError, transitionPost, type Transition } from "../../app/models/threads/post-lifecycle.server";
import { listThreadPosts } from "../../app/models/threads/threads.server";
import { openTestDatabase, resetDatabase } from "../db";
import { approvedReplies, auditFor, makeCast, postRow, publishedThread, reply, replyIn, threadRow, type Cast } from "../support/threads";

let cast: Cast;
let threadId: string;

beforeAll(async () => {
  await resetDatabase(await openTestDatabase());
  cast = await makeCast();
  threadId = (await publishedThread(cast)).thread.id;
});

/** What the author was told about this one post (in the site and by email). */
async function decisionsToldAbout(postId: string) {
  const notes = await db()
    .select()
    .from(notification)
    .where(and(eq(notification.userId, cast.member.id), eq(notification.kind, "post-decision"), like(notification.url, `%#post-${postId}`)));
  const mails = await db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.toAddress, cast.made.member.email), eq(outbox.kind, "post-decision"), like(outbox.text, `%#post-${postId}%`)));
  return { notes, mails };
}

function settle<T>(results: PromiseSettledResult<T>[]) {
  const won = results.filter((r): r is PromiseFulfilledResult<T> => r.status === "fulfilled");
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  return { won, lost };
}

async function countsStayTrue() {
  expect((await threadRow(threadId)).replyCount).toBe(await approvedReplies(threadId));
}

describe("two moderators decide the same pending post at the same moment", () => {
  const rounds = Array.from({ length: 20 }, (_, i) => i + 1);

  it.each(rounds)("round %i: exactly one decision wins; the other is told what happened and by whom", async (round) => {
    const p = await reply(threadId, cast.member);
    const approve = () => transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" }, expectedVersion: p.version });
    const reject = () =>
      transitionPost({ postId: p.id, actor: cast.moderator2, transition: { kind: "reject", reason: "harmful", note: "Too distressing." }, expectedVersion: p.version });
    // Alternate who sets off first.
    const results = round % 2 ? await Promise.allSettled([approve(), reject()]) : await Promise.allSettled([reject(), approve()]);
    const { won, lost } = settle(results);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0].reason as DecisionConflictError;
    expect(error).toBeInstanceOf(DecisionConflictError);
    const final = await postRow(p.id);
    if (won[0].value.status === "approved") {
      expect(error.message).toContain(`already been approved by ${cast.moderator.name}`);
      expect(final).toMatchObject({ status: "approved", decidedById: cast.moderator.id, rejectionReason: null });
    } else {
      expect(won[0].value.status).toBe("rejected");
      expect(error.message).toContain(`already been rejected by ${cast.moderator2.name}`);
      expect(final).toMatchObject({ status: "rejected", decidedById: cast.moderator2.id, rejectionReason: "harmful" });
    }
    expect(error.message).toContain("Nothing was changed.");
    expect(error.current).toMatchObject({ status: final.status });
    expect(final.version).toBe(p.version + 1);
    const audit = await auditFor(p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe(final.status === "approved" ? "post.approve" : "post.reject");
    const told = await decisionsToldAbout(p.id);
    expect(told.notes).toHaveLength(1);
    expect(told.mails).toHaveLength(1);
    await countsStayTrue();
  });
});

describe("a moderator's approval racing the author's withdrawal", () => {
  const rounds = Array.from({ length: 10 }, (_, i) => i + 1);

  it.each(rounds)("round %i: the post ends withdrawn, out of sight and off the count, whichever lands first", async (round) => {
    const p = await reply(threadId, cast.member);
    const approve = () => transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" }, expectedVersion: p.version });
    const withdraw = () => transitionPost({ postId: p.id, actor: cast.member, transition: { kind: "withdraw" } });
    const [a, w] = round % 2 ? await Promise.allSettled([approve(), withdraw()]) : await Promise.allSettled([withdraw(), approve()]).then(([x, y]) => [y, x]);
    // The author can always withdraw their own post: before or after approval.
    expect(w.status).toBe("fulfilled");
    const final = await postRow(p.id);
    expect(final.status).toBe("withdrawn");
    const audit = await auditFor(p.id);
    if (a.status === "fulfilled") {
      expect(audit.map((e) => e.action)).toEqual(["post.approve"]);
      expect(final.version).toBe(p.version + 2);
    } else {
      expect(a.reason).toBeInstanceOf(DecisionConflictError);
      expect((a.reason as Error).message).toBe("This post has already been withdrawn by its author. Nothing was changed.");
      expect(audit).toEqual([]);
      expect(final.version).toBe(p.version + 1);
    }
    for (const viewer of [null, cast.author, cast.moderator]) {
      expect((await listThreadPosts(threadId, viewer)).map((r) => r.id)).not.toContain(p.id);
    }
    await countsStayTrue();
  });
});

describe("decisions on something that changed meanwhile", () => {
  it("a decision made on the version before the author resubmitted is refused: 'changed while you were looking'", async () => {
    const p = await reply(threadId, cast.member);
    const rejected = await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "reject", reason: "identifying" } });
    // A second moderator opens the rejected item to reopen it; meanwhile the author resubmits.
    const seen = rejected.version;
    const resubmitted = await transitionPost({ postId: p.id, actor: cast.member, transition: { kind: "resubmit", body: "Without the names now.", warnings: [] } });
    expect(resubmitted).toMatchObject({ status: "pending", reviewKind: "edited" });
    for (const transition of [{ kind: "approve" }, { kind: "reject", reason: "other", note: "Still too much." }, { kind: "reopen" }] as Transition[]) {
      const error = await transitionPost({ postId: p.id, actor: cast.moderator2, transition, expectedVersion: seen }).catch((e: unknown) => e);
      expect(error, transition.kind).toBeInstanceOf(DecisionConflictError);
      expect((error as Error).message, transition.kind).toMatch(/changed while you were looking/);
    }
    expect(await postRow(p.id)).toEqual(resubmitted);
    expect((await auditFor(p.id)).map((e) => e.action)).toEqual(["post.reject"]);
    // Read again, then decide: accepted.
    const fresh = await postRow(p.id);
    await expect(transitionPost({ postId: p.id, actor: cast.moderator2, transition: { kind: "approve" }, expectedVersion: fresh.version })).resolves.toMatchObject({ status: "approved" });
  });

  it("hiding a reported post on the version before another moderator redacted it is refused: 'changed while you were looking'", async () => {
    const p = await replyIn(cast, threadId, "approved");
    const seen = p.version;
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "redact", body: "Shorter now.", note: "Took out a name." }, expectedVersion: seen });
    const attempt = transitionPost({ postId: p.id, actor: cast.moderator2, transition: { kind: "hide", note: "Report upheld." }, expectedVersion: seen });
    await expect(attempt).rejects.toThrow(/changed while you were looking/);
    expect((await postRow(p.id)).status).toBe("approved");
    await countsStayTrue();
  });

  it("a post the author withdrew after a rejection is described as withdrawn, without naming the moderator who rejected it", async () => {
    const p = await replyIn(cast, threadId, "rejected");
    await transitionPost({ postId: p.id, actor: cast.member, transition: { kind: "withdraw" } });
    const attempt = transitionPost({ postId: p.id, actor: cast.moderator2, transition: { kind: "reopen" } });
    await expect(attempt).rejects.toThrow("This post has already been withdrawn by its author. Nothing was changed.");
  });

  it("a decision on a post someone already decided, with no version given, still names the decision and who made it", async () => {
    const p = await reply(threadId, cast.member);
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "escalate", note: "Worried." } });
    await expect(transitionPost({ postId: p.id, actor: cast.moderator2, transition: { kind: "approve" } })).rejects.toThrow(
      new RegExp(`^This post has already been moved to the safeguarding list by ${cast.moderator.name} at \\d\\d:\\d\\d (GMT|BST) on \\d{1,2} \\w+\\. Nothing was changed\\.$`),
    );
  });
});
