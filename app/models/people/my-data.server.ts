// "Download my data" (UK GDPR rights of access and portability; issue 11, item 2): everything
// the platform holds about one person, as they would see it, and nothing about anyone else.
//
// What is deliberately left out: who reported the person's posts (the author never learns it),
// moderators' private notes (escalation and hiding notes, suspension reasons), who made a
// moderation decision, other people's words (a thread someone else started is given by its
// address, not its title; a reported post by its address, not its text), session tokens and the
// password hash. Consultation answers carry no user id: they are found here, and only here, by
// recomputing the person's respondent key for each consultation.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { auditLog } from "../../../db/schema/audit";
import { session, user } from "../../../db/schema/auth";
import {
  consultation,
  consultationAnswer,
  consultationOption,
  consultationQuestion,
  consultationResponse,
  consultationTextAnswer,
} from "../../../db/schema/consultations";
import { forum, forumMembership } from "../../../db/schema/forums";
import { invitation } from "../../../db/schema/invitations";
import {
  meeting,
  meetingAgendaItem,
  meetingAttendee,
  meetingCoChair,
  meetingNamingConsent,
  meetingQuote,
  meetingReviewComment,
  meetingRsvp,
} from "../../../db/schema/meetings";
import { notification, notificationPreference } from "../../../db/schema/notifications";
import { displayNameChange } from "../../../db/schema/people";
import { post, postReport, thread } from "../../../db/schema/threads";
import { database } from "../database.server";
import { respondentKey } from "../consultations/answers.server";
import { describeRejection } from "~/utils/content-warnings";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** How the author sees a post's status: the safeguarding list is the moderators' own business. */
const STATUS_AS_SEEN: Record<string, string> = {
  pending: "awaiting review",
  safeguarding: "awaiting review",
  approved: "published",
  rejected: "not published (rejected)",
  withdrawn: "withdrawn by you",
  hidden: "hidden by the moderators",
};

/** Moderator moves as the author may learn of them; escalation is left out (see above). */
function historyEvent(action: string, reason: string | null): { event: string; reason?: string } | null {
  switch (action) {
    case "post.approve":
      return { event: "published" };
    case "post.reject":
      return { event: "rejected", ...(reason ? { reason } : {}) };
    case "post.redact":
      return { event: "edited by a moderator to keep people safe", ...(reason ? { reason } : {}) };
    case "post.set-warnings":
      return { event: "content warnings changed", ...(reason ? { reason } : {}) };
    case "post.reopen":
      return { event: "sent back for review" };
    case "post.hide":
      return { event: "hidden by the moderators" };
    default:
      return null;
  }
}

export type MyData = Awaited<ReturnType<typeof exportMyData>>;

/** Everything held about `userId`, for that person alone (the caller is the guard). */
export async function exportMyData(userId: string, now = new Date()) {
  const q = database();
  const [me] = await q.select().from(user).where(and(eq(user.id, userId), isNull(user.deletedAt)));
  if (!me) throw new Error("That account does not exist");

  const [sessions, nameChanges, memberships, invitations] = await Promise.all([
    q
      .select({ createdAt: session.createdAt, expiresAt: session.expiresAt, ipAddress: session.ipAddress, userAgent: session.userAgent })
      .from(session)
      .where(eq(session.userId, userId))
      .orderBy(asc(session.createdAt)),
    q
      .select({ oldName: displayNameChange.oldName, newName: displayNameChange.newName, changedAt: displayNameChange.createdAt })
      .from(displayNameChange)
      .where(eq(displayNameChange.userId, userId))
      .orderBy(asc(displayNameChange.createdAt)),
    q
      .select({ forum: forum.name, slug: forum.slug, joinedAt: forumMembership.createdAt })
      .from(forumMembership)
      .innerJoin(forum, eq(forum.id, forumMembership.forumId))
      .where(eq(forumMembership.userId, userId))
      .orderBy(asc(forum.name)),
    q
      .select({ role: invitation.role, sentAt: invitation.createdAt, acceptedAt: invitation.usedAt })
      .from(invitation)
      .where(eq(invitation.acceptedUserId, userId)),
  ]);

  // Posts, with the thread's title only where the thread is the person's own.
  const posts = await q
    .select({
      id: post.id,
      threadId: post.threadId,
      threadTitle: thread.title,
      threadAuthorId: thread.authorId,
      isOpening: post.isOpening,
      body: post.bodySource,
      contentWarnings: post.contentWarnings,
      atRisk: post.atRisk,
      status: post.status,
      rejectionReason: post.rejectionReason,
      rejectionNote: post.rejectionNote,
      redactionNote: post.redactionNote,
      redactedAt: post.redactedAt,
      createdAt: post.createdAt,
      submittedAt: post.submittedAt,
      approvedAt: post.approvedAt,
    })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .where(eq(post.authorId, userId))
    .orderBy(asc(post.createdAt));
  const postIds = posts.map((p) => p.id);
  const decisions = postIds.length
    ? await q
        .select({ targetId: auditLog.targetId, action: auditLog.action, reason: auditLog.reason, at: auditLog.createdAt })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, "post"), inArray(auditLog.targetId, postIds)))
        .orderBy(asc(auditLog.id))
    : [];

  const [reports, rsvps, comments, consents, quotes, attended, coChaired, notifications, preferences] = await Promise.all([
    q
      .select({ postId: postReport.postId, threadId: post.threadId, reason: postReport.reason, status: postReport.status, reportedAt: postReport.createdAt })
      .from(postReport)
      .innerJoin(post, eq(post.id, postReport.postId))
      .where(eq(postReport.reporterId, userId))
      .orderBy(asc(postReport.createdAt)),
    q
      .select({ meeting: meeting.title, meetingId: meeting.id, startsAt: meeting.startsAt, response: meetingRsvp.response, updatedAt: meetingRsvp.updatedAt })
      .from(meetingRsvp)
      .innerJoin(meeting, eq(meeting.id, meetingRsvp.meetingId))
      .where(eq(meetingRsvp.userId, userId))
      .orderBy(asc(meeting.startsAt)),
    q
      .select({ meeting: meeting.title, meetingId: meeting.id, agendaItem: meetingAgendaItem.title, comment: meetingReviewComment.body, writtenAt: meetingReviewComment.createdAt })
      .from(meetingReviewComment)
      .innerJoin(meeting, eq(meeting.id, meetingReviewComment.meetingId))
      .innerJoin(meetingAgendaItem, eq(meetingAgendaItem.id, meetingReviewComment.agendaItemId))
      .where(eq(meetingReviewComment.authorId, userId))
      .orderBy(asc(meetingReviewComment.createdAt)),
    q
      .select({ meeting: meeting.title, meetingId: meeting.id, givenAt: meetingNamingConsent.givenAt })
      .from(meetingNamingConsent)
      .innerJoin(meeting, eq(meeting.id, meetingNamingConsent.meetingId))
      .where(eq(meetingNamingConsent.userId, userId)),
    q
      .select({ meeting: meeting.title, meetingId: meeting.id, agendaItem: meetingAgendaItem.title, quote: meetingQuote.text, recordedAt: meetingQuote.createdAt })
      .from(meetingQuote)
      .innerJoin(meeting, eq(meeting.id, meetingQuote.meetingId))
      .innerJoin(meetingAgendaItem, eq(meetingAgendaItem.id, meetingQuote.agendaItemId))
      .where(eq(meetingQuote.memberId, userId)),
    q
      .select({ meeting: meeting.title, meetingId: meeting.id, startsAt: meeting.startsAt })
      .from(meetingAttendee)
      .innerJoin(meeting, eq(meeting.id, meetingAttendee.meetingId))
      .where(eq(meetingAttendee.userId, userId)),
    q
      .select({ meeting: meeting.title, meetingId: meeting.id, startsAt: meeting.startsAt })
      .from(meetingCoChair)
      .innerJoin(meeting, eq(meeting.id, meetingCoChair.meetingId))
      .where(eq(meetingCoChair.userId, userId)),
    q
      .select({ kind: notification.kind, message: notification.message, url: notification.url, readAt: notification.readAt, createdAt: notification.createdAt })
      .from(notification)
      .where(eq(notification.userId, userId))
      .orderBy(asc(notification.createdAt)),
    q
      .select({ kind: notificationPreference.kind, inSite: notificationPreference.inSite, email: notificationPreference.email })
      .from(notificationPreference)
      .where(eq(notificationPreference.userId, userId)),
  ]);

  return {
    about: {
      what: "Everything the Victim Voice Forum holds about you, as of the time below.",
      exportedAt: now.toISOString(),
      notIncluded:
        "Who reported your posts, moderators' private notes and other people's words are not yours and are not included. " +
        "Your consultation answers were found with your own key: nobody else can link them to you.",
    },
    account: {
      id: me.id,
      displayName: me.name,
      email: me.email,
      emailConfirmed: me.emailVerified,
      role: me.role,
      organisation: me.organisation,
      status: me.status,
      twoFactorEnabled: me.twoFactorEnabled,
      createdAt: iso(me.createdAt),
      updatedAt: iso(me.updatedAt),
      displayNameChanges: nameChanges.map((c) => ({ from: c.oldName, to: c.newName, changedAt: iso(c.changedAt) })),
      invitation: invitations.map((i) => ({ role: i.role, sentAt: iso(i.sentAt), acceptedAt: iso(i.acceptedAt) }))[0] ?? null,
      signedInSessions: sessions.map((s) => ({ startedAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), ipAddress: s.ipAddress, browser: s.userAgent })),
    },
    forumMemberships: memberships.map((m) => ({ forum: m.forum, address: `/forums/${m.slug}`, joinedAt: iso(m.joinedAt) })),
    posts: posts.map((p) => {
      const own = p.threadAuthorId === userId;
      const history = [
        { event: p.isOpening ? "thread started and sent for review" : "reply sent for review", at: iso(p.createdAt) },
        ...decisions
          .filter((d) => d.targetId === p.id)
          .map((d) => {
            const e = historyEvent(d.action, d.reason);
            return e ? { ...e, at: iso(d.at) } : null;
          })
          .filter((e): e is NonNullable<typeof e> => e !== null),
      ];
      if (p.status === "withdrawn") history.push({ event: "withdrawn by you", at: null });
      return {
        id: p.id,
        thread: own ? { title: p.threadTitle, address: `/threads/${p.threadId}` } : { address: `/threads/${p.threadId}` },
        kind: p.isOpening ? "opening post" : "reply",
        text: p.body,
        contentWarnings: p.contentWarnings,
        markedAtRisk: p.atRisk,
        status: STATUS_AS_SEEN[p.status] ?? p.status,
        rejection:
          p.status === "rejected" && p.rejectionReason
            ? describeRejection(p.rejectionReason, p.rejectionNote)
            : null,
        moderatorEditNote: p.redactedAt ? p.redactionNote : null,
        writtenAt: iso(p.createdAt),
        lastSentAt: iso(p.submittedAt),
        publishedAt: iso(p.approvedAt),
        history,
      };
    }),
    reportsYouMade: reports.map((r) => ({ post: `/threads/${r.threadId}#post-${r.postId}`, reason: r.reason, status: r.status, reportedAt: iso(r.reportedAt) })),
    meetings: {
      replies: rsvps.map((r) => ({ meeting: r.meeting, address: `/meetings/${r.meetingId}`, startsAt: iso(r.startsAt), reply: r.response, updatedAt: iso(r.updatedAt) })),
      markedAsAttended: attended.map((a) => ({ meeting: a.meeting, address: `/meetings/${a.meetingId}`, startsAt: iso(a.startsAt) })),
      coChaired: coChaired.map((a) => ({ meeting: a.meeting, address: `/meetings/${a.meetingId}`, startsAt: iso(a.startsAt) })),
      minutesComments: comments.map((c) => ({ meeting: c.meeting, address: `/meetings/${c.meetingId}`, agendaItem: c.agendaItem, comment: c.comment, writtenAt: iso(c.writtenAt) })),
      consentsToBeNamed: consents.map((c) => ({ meeting: c.meeting, address: `/meetings/${c.meetingId}`, givenAt: iso(c.givenAt) })),
      quotedInMinutes: quotes.map((c) => ({ meeting: c.meeting, address: `/meetings/${c.meetingId}`, agendaItem: c.agendaItem, quote: c.quote, recordedAt: iso(c.recordedAt) })),
    },
    consultationAnswers: await ownConsultationAnswers(userId),
    notifications: notifications.map((n) => ({ kind: n.kind, message: n.message, link: n.url, readAt: iso(n.readAt), createdAt: iso(n.createdAt) })),
    notificationPreferences: {
      note: "Every kind not listed here is on, in the site and by email.",
      changed: preferences.map((p) => ({ kind: p.kind, inSite: p.inSite, email: p.email })),
    },
  };
}

/** The person's own consultation responses, found through their respondent key for each consultation. */
async function ownConsultationAnswers(userId: string) {
  const q = database();
  const consultations = await q.select({ id: consultation.id, title: consultation.title, status: consultation.status }).from(consultation);
  if (!consultations.length) return [];
  const responses = await q
    .select({ id: consultationResponse.id, consultationId: consultationResponse.consultationId, revision: consultationResponse.revision })
    .from(consultationResponse)
    .where(inArray(consultationResponse.respondentKey, consultations.map((c) => respondentKey(c.id, userId))));
  // A key is made from its consultation's id, so each one finds that consultation's response alone.
  const mine = responses;
  if (!mine.length) return [];
  const ids = mine.map((r) => r.id);
  const [choices, texts] = await Promise.all([
    q
      .select({
        responseId: consultationAnswer.responseId,
        question: consultationQuestion.prompt,
        position: consultationQuestion.position,
        option: consultationOption.label,
        scale: consultationAnswer.scaleValue,
      })
      .from(consultationAnswer)
      .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationAnswer.questionId))
      .leftJoin(consultationOption, eq(consultationOption.id, consultationAnswer.optionId))
      .where(inArray(consultationAnswer.responseId, ids))
      .orderBy(asc(consultationQuestion.position), asc(consultationOption.position)),
    q
      .select({ responseId: consultationTextAnswer.responseId, question: consultationQuestion.prompt, position: consultationQuestion.position, text: consultationTextAnswer.body, status: consultationTextAnswer.status })
      .from(consultationTextAnswer)
      .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationTextAnswer.questionId))
      .where(inArray(consultationTextAnswer.responseId, ids))
      .orderBy(asc(consultationQuestion.position)),
  ]);
  return mine.map((r) => {
    const c = consultations.find((x) => x.id === r.consultationId)!;
    const answers = new Map<number, { question: string; choices: string[]; scale?: number; writtenAnswer?: string; writtenAnswerStatus?: string }>();
    const at = (position: number, question: string) => {
      const entry = answers.get(position) ?? { question, choices: [] };
      answers.set(position, entry);
      return entry;
    };
    for (const a of choices.filter((x) => x.responseId === r.id)) {
      const entry = at(a.position, a.question);
      if (a.option) entry.choices.push(a.option);
      if (a.scale !== null) entry.scale = a.scale;
    }
    for (const t of texts.filter((x) => x.responseId === r.id)) {
      const entry = at(t.position, t.question);
      entry.writtenAnswer = t.text;
      entry.writtenAnswerStatus = t.status;
    }
    return {
      consultation: c.title,
      address: `/consultations/${c.id}`,
      timesChanged: r.revision - 1,
      answers: [...answers.entries()].sort(([a], [b]) => a - b).map(([, v]) => v),
    };
  });
}
