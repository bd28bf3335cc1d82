import type { CurrentUser } from "~/services/session.server";
import { database, transaction } from "../database.server";
import { officialResponse, post, thread } from "../../../db/schema/threads";
import { forum } from "../../../db/schema/forums";
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
// Official responses on threads: a moderator marks a thread for response by the Met or MOPAC
// (with a public clock), responders see their organisation's list and publish — not
// pre-moderated, audited, announced live — and may edit their own responses.
import { audit } from "~/models/audit/audit-log.server";
import { renderMarkdown } from "~/services/markdown.server";
import { can, ORGANISATION_LABELS, type Organisation } from "~/utils/permissions";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { threadResponseDueAt } from "~/utils/clocks";
import { publishEvents, sendNotification, type PendingEvent } from "../notifications/notifications.server";
import { PostingError } from "./threads.server";

/** A moderator asks the Met or MOPAC to respond, with a public clock. */
export async function markForResponse(
  moderator: Pick<CurrentUser, "id" | "role">,
  input: { threadId: string; organisation: Organisation; dueAt?: Date; publicSummary?: string },
  now = new Date(),
) {
  if (!can(moderator.role, "thread:mark-for-response")) throw new PostingError("Only moderators can ask for a response");
  return transaction(async (tx) => {
    const [t] = await tx.select({ visibility: thread.visibility, published: thread.published, createdAt: thread.createdAt }).from(thread).where(eq(thread.id, input.threadId)).for("update");
    if (!t || !t.published) throw new PostingError("Only published threads can be marked for response");
    // A request cannot come before the thread, and an organisation that has already answered
    // cannot be asked: its answer would predate the request and "days to respond" go negative.
    if (now.getTime() < t.createdAt.getTime()) {
      throw new ResponseDatedBeforeError(`A request for a response cannot be dated before the thread was started (${formatLondonDateTime(t.createdAt)}). Nothing was changed.`);
    }
    const [answered] = await tx
      .select({ publishedAt: officialResponse.publishedAt })
      .from(officialResponse)
      .where(and(eq(officialResponse.threadId, input.threadId), eq(officialResponse.organisation, input.organisation), lte(officialResponse.publishedAt, now)))
      .limit(1);
    if (answered) {
      throw new PostingError(`${ORGANISATION_LABELS[input.organisation]} already responded to this thread on ${formatLondonDate(answered.publishedAt)}, so there is nothing to ask it for. Nothing was changed.`);
    }
    if (t.visibility === "members" && !input.publicSummary?.trim()) {
      throw new PostingError("Write a short public summary: the thread is members-only, so the public sees the summary, never members' words", "publicSummary");
    }
    const dueAt = input.dueAt ?? threadResponseDueAt(now);
    await tx
      .update(thread)
      .set({ responseOrganisation: input.organisation, responseDueAt: dueAt, responseRequestedAt: now, publicSummary: input.publicSummary?.trim() || null })
      .where(eq(thread.id, input.threadId));
    await audit(tx, {
      actorId: moderator.id,
      action: "thread.mark-for-response",
      targetType: "thread",
      targetId: input.threadId,
      details: { organisation: input.organisation, dueAt: dueAt.toISOString() },
    });
    return { dueAt };
  });
}

/** Threads awaiting an organisation's response: soonest due first. */
export async function listAwaitingResponse(organisation: Organisation) {
    const q = database();
  return q
    .select({
      id: thread.id,
      title: thread.title,
      visibility: thread.visibility,
      forumName: forum.name,
      responseDueAt: thread.responseDueAt,
      responseRequestedAt: thread.responseRequestedAt,
    })
    .from(thread)
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .where(
      and(
        eq(thread.responseOrganisation, organisation),
        eq(thread.published, true),
        sql`not exists (select 1 from ${officialResponse} where ${officialResponse.threadId} = ${thread.id} and ${officialResponse.organisation} = ${organisation})`,
      ),
    )
    .orderBy(asc(thread.responseDueAt));
}

export class ResponseError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A response or a request for one dated before the thread it is about existed: impossible, refused (issue 12). */
export class ResponseDatedBeforeError extends ResponseError {}

/** Publishes an official response on a thread: not pre-moderated, audited, announced live. */
export async function publishThreadResponse(
  responder: Pick<CurrentUser, "id" | "role" | "organisation">,
  input: { threadId: string; body: string; responderTitle: string },
  now = new Date(),
) {
  if (!can(responder.role, "official-response:publish") || !responder.organisation) throw new ResponseError("Only Met and MOPAC responders can publish official responses");
  const events: PendingEvent[] = [];
  const created = await transaction(async (tx) => {
    const [t] = await tx.select({ id: thread.id, title: thread.title, published: thread.published, createdAt: thread.createdAt }).from(thread).where(eq(thread.id, input.threadId));
    if (!t || !t.published) throw new ResponseError("That thread cannot be responded to");
    if (now.getTime() < t.createdAt.getTime()) {
      throw new ResponseDatedBeforeError(`A response cannot be dated before the thread it answers was started (${formatLondonDateTime(t.createdAt)}). Nothing was changed.`);
    }
    const [r] = await tx
      .insert(officialResponse)
      .values({
        targetType: "thread",
        targetId: t.id,
        threadId: t.id,
        organisation: responder.organisation!,
        responderId: responder.id,
        responderTitle: input.responderTitle,
        bodySource: input.body,
        bodyHtml: renderMarkdown(input.body),
        publishedAt: now,
      })
      .returning();
    await audit(tx, { actorId: responder.id, action: "official-response.publish", targetType: "thread", targetId: t.id, details: { responseId: r.id, organisation: r.organisation } });
    const participants = await tx.selectDistinct({ id: post.authorId }).from(post).where(and(eq(post.threadId, t.id), eq(post.status, "approved")));
    events.push(
      { room: `thread:${t.id}`, event: "response:published", payload: { responseId: r.id } },
      ...(await sendNotification(tx, {
        userIds: participants.map((p) => p.id),
        kind: "official-response",
        message: `${r.organisation === "met" ? "The Metropolitan Police" : "MOPAC"} has responded in "${t.title}".`,
        url: `/threads/${t.id}#response-${r.id}`,
        subject: "An official response where you took part",
        at: now,
      })),
    );
    return r;
  });
  publishEvents(events);
  return created;
}

/** Edits a response; only its own author can, and the page then shows it as edited. */
export async function editThreadResponse(responder: Pick<CurrentUser, "id" | "role">, input: { responseId: string; body: string }, now = new Date()) {
  const events: PendingEvent[] = [];
  const updated = await transaction(async (tx) => {
    const [r] = await tx
      .update(officialResponse)
      .set({ bodySource: input.body, bodyHtml: renderMarkdown(input.body), editedAt: now })
      .where(and(eq(officialResponse.id, input.responseId), eq(officialResponse.responderId, responder.id)))
      .returning();
    if (!r) throw new ResponseError("You can only edit your own responses");
    await audit(tx, { actorId: responder.id, action: "official-response.edit", targetType: r.targetType, targetId: r.targetId, details: { responseId: r.id } });
    events.push({ room: `thread:${r.threadId}`, event: "response:published", payload: { responseId: r.id } });
    return r;
  });
  publishEvents(events);
  return updated;
}

// ---------------------------------------------------------------------------------------------
// Official responses as their responder sees them (the /respond pages).

/** The title a responder last signed a response with, to prefill the next one. */
export async function lastResponderTitle(responderId: string): Promise<string | null> {
    const q = database();
  const [row] = await q
    .select({ title: officialResponse.responderTitle })
    .from(officialResponse)
    .where(eq(officialResponse.responderId, responderId))
    .orderBy(desc(officialResponse.publishedAt))
    .limit(1);
  return row?.title ?? null;
}

/** The Markdown of a responder's own responses on a thread, for their edit forms. */
export async function listOwnResponseSources(input: { threadId: string; responderId: string }) {
    const q = database();
  return q
    .select({ id: officialResponse.id, bodySource: officialResponse.bodySource })
    .from(officialResponse)
    .where(
      and(
        eq(officialResponse.targetType, "thread"),
        eq(officialResponse.threadId, input.threadId),
        eq(officialResponse.responderId, input.responderId),
      ),
    );
}
