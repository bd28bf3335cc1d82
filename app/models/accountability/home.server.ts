// The home page's queries. Public parts (recently published consultation results) read only
// what anyone may see; the signed-in parts (open consultations, next meetings, what awaits the
// member) are scoped in SQL to the viewer's own forums and the viewer's own posts.
import { and, asc, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { consultation, consultationForum } from "../../../db/schema/consultations";
import { forum, forumMembership } from "../../../db/schema/forums";
import { meeting, meetingAttendee, meetingRsvp } from "../../../db/schema/meetings";
import { post, thread } from "../../../db/schema/threads";
import { database } from "../database.server";
import type { CurrentUser } from "~/services/session.server";
import { can, isStaff } from "~/utils/permissions";
import { PUBLIC_CONSULTATION_STATUSES, qualified } from "./dashboard.server";
import { answeredConsultationIds } from "../consultations/answers.server";

type Viewer = Pick<CurrentUser, "id" | "role">;

/** Consultations whose results are published (public), newest first. */
export async function listRecentResults(limit = 3) {
    const q = database();
  return q
    .select({
      id: consultation.id,
      title: consultation.title,
      summary: consultation.summary,
      organisation: consultation.organisation,
      status: consultation.status,
      resultsPublishedAt: consultation.resultsPublishedAt,
      respondedAt: consultation.respondedAt,
      closedAt: consultation.closedAt,
    })
    .from(consultation)
    .where(inArray(consultation.status, [...PUBLIC_CONSULTATION_STATUSES]))
    .orderBy(desc(sql`coalesce(${consultation.resultsPublishedAt}, ${consultation.closedAt})`), desc(consultation.id))
    .limit(limit);
}

/** SQL: the viewer belongs to the forum (staff see every forum's). */
function inViewersForum(viewer: Viewer, forumId: SQL): SQL {
  if (isStaff(viewer.role)) return sql`true`;
  return sql`exists (select 1 from ${forumMembership} hm where hm.forum_id = ${forumId} and hm.user_id = ${viewer.id})`;
}

/** Open consultations in the viewer's forums, closing soonest first, with whether they answered. */
export async function listOpenConsultationsFor(viewer: Viewer) {
    const q = database();
  const rows = await q
    .select({ id: consultation.id, title: consultation.title, closesAt: consultation.closesAt, organisation: consultation.organisation })
    .from(consultation)
    .where(
      and(
        eq(consultation.status, "open"),
        isStaff(viewer.role)
          ? undefined
          : sql`exists (select 1 from ${consultationForum} hcf join ${forumMembership} hfm on hfm.forum_id = hcf.forum_id where hcf.consultation_id = ${consultation.id} and hfm.user_id = ${viewer.id})`,
      ),
    )
    .orderBy(asc(consultation.closesAt), asc(consultation.id))
    .limit(20);
  const answered = can(viewer.role, "consultation:answer") ? await answeredConsultationIds(viewer.id, rows.map((r) => r.id)) : new Set<string>();
  return rows.map((r) => ({ ...r, canAnswer: can(viewer.role, "consultation:answer"), answered: answered.has(r.id) }));
}

/** The next meetings of the viewer's forums (not cancelled, not yet over), soonest first. */
export async function listNextMeetingsFor(viewer: Viewer, now: Date, limit = 3) {
    const q = database();
  return q
    .select({
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      place: meeting.place,
      online: sql<boolean>`${qualified(meeting.onlineUrl)} is not null`,
      forumName: forum.name,
      ownRsvp: sql<string | null>`(select r.response from ${meetingRsvp} r where r.meeting_id = ${qualified(meeting.id)} and r.user_id = ${viewer.id})`,
    })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(and(eq(meeting.status, "scheduled"), gte(meeting.endsAt, now), inViewersForum(viewer, sql`${meeting.forumId}`)))
    .orderBy(asc(meeting.startsAt), asc(meeting.id))
    .limit(limit);
}

/**
 * Draft minutes the member may comment on now: in review, the review window still open, the
 * member attended (marked present, or answered "going") and belongs to the forum — the same
 * rule as the meeting page's comment form.
 */
export async function listMinutesToReviewFor(viewer: Viewer, now: Date) {
    const q = database();
  return q
    .select({ id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, reviewClosesAt: meeting.reviewClosesAt, forumName: forum.name })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .innerJoin(forumMembership, and(eq(forumMembership.forumId, meeting.forumId), eq(forumMembership.userId, viewer.id)))
    .where(
      and(
        eq(meeting.status, "minutes-review"),
        gte(meeting.reviewClosesAt, now),
        sql`(exists (select 1 from ${meetingAttendee} ma where ma.meeting_id = ${meeting.id} and ma.user_id = ${viewer.id})
          or exists (select 1 from ${meetingRsvp} mr where mr.meeting_id = ${meeting.id} and mr.user_id = ${viewer.id} and mr.response = 'going'))`,
      ),
    )
    .orderBy(asc(meeting.reviewClosesAt))
    .limit(20);
}

/** The viewer's own posts still with the moderators, or sent back to them to change. */
export async function listOwnPostsAwaiting(viewer: Viewer) {
    const q = database();
  return q
    .select({
      id: post.id,
      threadId: post.threadId,
      threadTitle: thread.title,
      isOpening: post.isOpening,
      status: post.status,
      submittedAt: post.submittedAt,
    })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .where(and(eq(post.authorId, viewer.id), inArray(post.status, ["pending", "rejected"])))
    .orderBy(desc(post.submittedAt), desc(post.id))
    .limit(20);
}

/** What awaits a signed-in member: everything is theirs alone. */
export async function memberToDo(viewer: Viewer, now: Date) {
  const [consultations, minutes, posts] = await Promise.all([
    can(viewer.role, "consultation:answer") ? listOpenConsultationsFor(viewer) : Promise.resolve([]),
    listMinutesToReviewFor(viewer, now),
    listOwnPostsAwaiting(viewer),
  ]);
  return { consultationsToAnswer: consultations.filter((c) => !c.answered), minutesToReview: minutes, postsAwaiting: posts };
}
