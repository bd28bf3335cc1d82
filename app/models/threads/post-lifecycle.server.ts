// The post lifecycle. A post's status moves only through `transitionPost`, which knows the
// allowed moves, makes them with a conditional update (so a decision on an item someone else
// already decided changes nothing and is refused by name), keeps the thread's counters in step,
// writes the audit entry and the notifications in the same transaction, and announces the
// change once it is committed.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { user } from "../../../db/schema/auth";
import { post, postReport, thread, type Post } from "../../../db/schema/threads";
import { transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { renderMarkdown } from "~/services/markdown.server";
import { detectPii } from "~/utils/pii";
import type { CurrentUser } from "~/services/session.server";
import { type RejectionReason, rejectionText } from "~/utils/content-warnings";
import { notify, type PendingEvent, publishEvents } from "../notifications/notifications.server";
import { formatLondonTimeOnDay } from "~/utils/london-clock";

export type PostStatus = "pending" | "approved" | "rejected" | "withdrawn" | "hidden" | "safeguarding";

export type Transition =
  | { kind: "approve" }
  | { kind: "reject"; reason: RejectionReason; note?: string }
  | { kind: "redact"; body: string; note: string }
  | { kind: "set-warnings"; warnings: string[] }
  | { kind: "escalate"; note?: string }
  | { kind: "reopen" }
  | { kind: "hide"; note?: string }
  | { kind: "withdraw" }
  | { kind: "resubmit"; body: string; warnings: string[]; /** Opening posts only: the thread's title. */ title?: string };

/** Which statuses each move starts from. Everything else is refused. */
export const ALLOWED_FROM: Record<Transition["kind"], readonly PostStatus[]> = {
  approve: ["pending"],
  reject: ["pending", "safeguarding"],
  // Redacting a pending or safeguarding post publishes the redacted text; an approved post
  // stays approved with the redacted text. Safeguarding posts are never published as written.
  redact: ["pending", "safeguarding", "approved"],
  "set-warnings": ["pending", "approved", "rejected", "safeguarding", "hidden"],
  escalate: ["pending", "approved"],
  reopen: ["rejected", "hidden"],
  hide: ["approved"],
  withdraw: ["pending", "approved", "rejected"],
  resubmit: ["pending", "rejected"],
};

const AUTHOR_MOVES = new Set<Transition["kind"]>(["withdraw", "resubmit"]);

export class DecisionConflictError extends Error {
  constructor(
    message: string,
    readonly current: { status: string; decidedBy: string | null; decidedAt: Date | null },
  ) {
    super(message);
  }
}

export class PostNotFoundError extends Error {}

const PAST_TENSE: Record<PostStatus, string> = {
  pending: "sent back for review",
  approved: "approved",
  rejected: "rejected",
  withdrawn: "withdrawn by its author",
  hidden: "hidden",
  safeguarding: "moved to the safeguarding list",
};

function conflictMessage(
  current: { status: string; decidedByName: string | null; decidedAt: Date | null; version: number },
  from: readonly PostStatus[],
  expectedVersion?: number,
) {
  // A newer version still in a state the move starts from (or sent back for review): the post
  // changed under the moderator's eyes rather than being decided.
  const changed = expectedVersion !== undefined && current.version !== expectedVersion;
  if (changed && (current.status === "pending" || from.includes(current.status as PostStatus))) {
    return "This post changed while you were looking at it (its author edited it, or another moderator changed it). Please read it again before deciding.";
  }
  const what = PAST_TENSE[current.status as PostStatus] ?? current.status;
  // A withdrawal is the author's move: the decider and time on the row belong to an earlier
  // decision, and naming them would misreport who withdrew it.
  if (current.status === "withdrawn") return `This post has already been ${what}. Nothing was changed.`;
  const when = current.decidedAt
    ? ` at ${formatLondonTimeOnDay(current.decidedAt)}`
    : "";
  const who = current.decidedByName ? ` by ${current.decidedByName}` : "";
  return `This post has already been ${what}${who}${when}. Nothing was changed.`;
}

function nextStatus(t: Transition, from: PostStatus): PostStatus {
  switch (t.kind) {
    case "approve":
      return "approved";
    case "reject":
      return "rejected";
    case "redact":
      return "approved";
    case "set-warnings":
      return from;
    case "escalate":
      return "safeguarding";
    case "reopen":
      return "pending";
    case "hide":
      return "hidden";
    case "withdraw":
      return "withdrawn";
    case "resubmit":
      return "pending";
  }
}

export type TransitionInput = {
  postId: string;
  actor: Pick<CurrentUser, "id" | "role" | "name">;
  transition: Transition;
  /** The version the moderator was looking at; a newer version means someone changed it. */
  expectedVersion?: number;
  now?: Date;
};

/**
 * Moves a post. Author moves (withdraw, resubmit) are filtered by author in the query itself;
 * moderator moves are for moderators and admins only.
 */
export async function transitionPost(input: TransitionInput): Promise<Post> {
  const { actor, transition: t } = input;
  const isAuthorMove = AUTHOR_MOVES.has(t.kind);
  if (!isAuthorMove && actor.role !== "moderator" && actor.role !== "admin") {
    throw new PostNotFoundError("Only moderators can make that decision");
  }
  const events: PendingEvent[] = [];
  const result = await transaction(async (tx) => {
    const now = input.now ?? new Date();
    // Locked until commit: a concurrent move on the same post waits here and then reads what
    // this one wrote. Without the lock, `before` could be stale by the time of the update (the
    // author withdrawing while a moderator approves), and the thread's counters and the live
    // events, which are worked out from `before`, would go wrong.
    const [before] = await tx.select().from(post).where(eq(post.id, input.postId)).for("update");
    if (!before || (isAuthorMove && before.authorId !== actor.id)) {
      throw new PostNotFoundError(t.kind === "withdraw" ? "That post does not exist, or it is not yours to withdraw" : "That post does not exist");
    }
    const from = ALLOWED_FROM[t.kind];
    const to = nextStatus(t, before.status as PostStatus);
    const changes: Partial<typeof post.$inferInsert> = { status: to, version: sql`${post.version} + 1` as unknown as number };
    if (!isAuthorMove && t.kind !== "set-warnings") {
      changes.decidedById = actor.id;
      changes.decidedAt = now;
    }
    if (t.kind === "approve" || (t.kind === "redact" && before.status !== "approved")) changes.approvedAt = now;
    if (t.kind === "reject") {
      changes.rejectionReason = t.reason;
      changes.rejectionNote = t.note?.trim() || null;
    }
    if (t.kind === "redact") {
      changes.bodySource = t.body;
      changes.bodyHtml = renderMarkdown(t.body);
      changes.redactionNote = t.note;
      changes.redactedAt = now;
      changes.piiFindings = detectPii(t.body);
    }
    if (t.kind === "set-warnings") changes.contentWarnings = t.warnings;
    if (t.kind === "resubmit") {
      changes.bodySource = t.body;
      changes.bodyHtml = renderMarkdown(t.body);
      changes.contentWarnings = t.warnings;
      changes.piiFindings = detectPii(t.body);
      changes.reviewKind = "edited";
      changes.submittedAt = now;
      changes.rejectionReason = null;
      changes.rejectionNote = null;
      changes.decidedById = null;
      changes.decidedAt = null;
    }
    if (t.kind === "reopen") {
      changes.submittedAt = now;
      changes.decidedById = null;
      changes.decidedAt = null;
    }
    // The conditional update: it only changes a post still in a state this move starts from
    // (and, when given, still the version the moderator read). A concurrent decision makes it
    // match nothing.
    const [after] = await tx
      .update(post)
      .set(changes)
      .where(
        and(
          eq(post.id, input.postId),
          inArray(post.status, [...from]),
          input.expectedVersion !== undefined ? eq(post.version, input.expectedVersion) : undefined,
          isAuthorMove ? eq(post.authorId, actor.id) : undefined,
        ),
      )
      .returning();
    if (!after) {
      const [current] = await tx
        .select({ status: post.status, decidedAt: post.decidedAt, version: post.version, decidedByName: user.name })
        .from(post)
        .leftJoin(user, eq(user.id, post.decidedById))
        .where(eq(post.id, input.postId));
      throw new DecisionConflictError(conflictMessage(current, from, input.expectedVersion), {
        status: current.status,
        decidedBy: current.decidedByName,
        decidedAt: current.decidedAt,
      });
    }
    if (t.kind === "resubmit" && t.title && after.isOpening) {
      // The title is part of what the moderators review, so only an unpublished thread's changes.
      await tx.update(thread).set({ title: t.title }).where(and(eq(thread.id, after.threadId), eq(thread.published, false)));
    }
    await keepThreadInStep(tx, before, after, now);
    if (!isAuthorMove) {
      await audit(tx, {
        actorId: actor.id,
        action: `post.${t.kind}`,
        targetType: "post",
        targetId: after.id,
        reason: auditReason(t),
        // A rejection's canned reason is kept as its code beside the words, never glued into them.
        details: { from: before.status, to: after.status, threadId: after.threadId, version: after.version, ...(t.kind === "reject" ? { reasonCode: t.reason } : {}) },
      });
    }
    // Reports on a post that is hidden, or withdrawn, are settled with it.
    if (to === "hidden" || to === "withdrawn") {
      await tx
        .update(postReport)
        .set({ status: to === "hidden" ? "upheld" : "dismissed", decidedById: actor.id, decidedAt: now })
        .where(and(eq(postReport.postId, after.id), eq(postReport.status, "open")));
    }
    events.push(...(await notify(tx, { before, after, transition: t, actor, at: now })));
    return after;
  });
  publishEvents(events);
  return result;
}

function auditReason(t: Transition): string | null {
  if (t.kind === "reject") return rejectionText(t.reason, t.note);
  if (t.kind === "redact") return t.note;
  if (t.kind === "escalate" || t.kind === "hide") return t.note ?? null;
  if (t.kind === "set-warnings") return t.warnings.join(", ") || "warnings removed";
  return null;
}

/** Thread counters follow post visibility: approvals add, hiding and withdrawing take away. */
async function keepThreadInStep(tx: Tx, before: Post, after: Post, now: Date) {
  const wasVisible = before.status === "approved";
  const isVisible = after.status === "approved";
  if (wasVisible === isVisible) return;
  if (after.isOpening) {
    await tx
      .update(thread)
      .set(isVisible ? { published: true, lastActivityAt: now } : { published: false })
      .where(eq(thread.id, after.threadId));
    return;
  }
  await tx
    .update(thread)
    .set(
      isVisible
        ? { replyCount: sql`${thread.replyCount} + 1`, lastActivityAt: now }
        : { replyCount: sql`greatest(${thread.replyCount} - 1, 0)` },
    )
    .where(eq(thread.id, after.threadId));
}
