// Official responses on meetings, actions and My Met Service's monthly reports (PRODUCT.md
// "Official responses and public accountability"): the Met or MOPAC answer a meeting once its
// minutes are published, and an action item they own; the Met answers each month's report once
// the month's figures are published, 4 weeks after it (its 20-working-day clock is on /my-met-service, /responses, /accountability). Same table, badge and form rules as responses on threads
// (threads/official-responses.server.ts); /responses, the feeds and open data already list
// them through their public rules (accountability/dashboard.server.ts).
//
// Who may answer:
// - an action: a responder of the organisation that owns it (facilitators' actions are not
//   answered by official response), once it is public (its minutes published);
// - a meeting: a responder of an organisation the meeting involved — the recorded attendance
//   counts someone from it, or an action agreed at the meeting is theirs — once its minutes
//   are published.
// One response per organisation per meeting or action: checked under a lock on the thing and
// held by a unique index (official_response_one_per_organisation_idx), so a second tab's
// publish is refused cleanly. A response is never dated before the thing (or, for a meeting,
// its published minutes) existed. Neither carries a response clock (decision 026): the
// dashboard's response figures count threads marked for response and closed consultations.
import { and, asc, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { feedbackReport } from "../../../db/schema/feedback";
import { forum } from "../../../db/schema/forums";
import { z } from "zod";
import { actionItem } from "../../../db/schema/actions";
import { meeting } from "../../../db/schema/meetings";
import { officialResponse } from "../../../db/schema/threads";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { actionStillOpen, liveAction } from "../actions/action-items.server";
import { meetingAttendeeIds } from "../meetings/meetings.server";
import { publishEvents, sendNotification, type PendingEvent } from "../notifications/notifications.server";
import { ResponseError } from "../threads/official-responses.server";
import { checkIdentifyingDetails } from "../threads/threads.server";
import { renderMarkdown } from "~/services/markdown.server";
import type { CurrentUser } from "~/services/session.server";
import { can, isOrganisation, ORGANISATION_LABELS, ORGANISATIONS, type Organisation } from "~/utils/permissions";
import { formatLondonDate } from "~/utils/london-time";
import { isUuid } from "~/utils/uuid";
import { feedbackReportDueAt, feedbackReportRequestedAt, latestFinalFeedbackMonth } from "~/utils/clocks";
import { isMonth, monthLabel } from "~/utils/months";
import { piiConfirmedField, responderTitleField, responseBodyField } from "~/utils/official-response-fields";

export type AnswerableKind = "meeting" | "action" | "feedback-report";

/** The thing does not exist (or is not one a responder may see): the page's 404. */
export class ResponseTargetNotFoundError extends Error {}

/** The thing cannot be answered now, or this organisation has already answered it. */
export class ResponseConflictError extends Error {}

// ---------------------------------------------------------------------------------------------
// The form (the same fields, limits and identifying-details check as a response on a thread)

export const officialResponseSchema = z.object({ responderTitle: responderTitleField, body: responseBodyField, piiConfirmed: piiConfirmedField });

// ---------------------------------------------------------------------------------------------
// Who may answer

type MeetingFacts = { attendedMet: number | null; attendedMopac: number | null };

/** The organisations a meeting involved: present at it (recorded attendance), or owning an action agreed at it. */
export function organisationsInvitedToMeeting(m: MeetingFacts, actionOwners: readonly string[]): Organisation[] {
  return ORGANISATIONS.filter((o) => (o === "met" ? (m.attendedMet ?? 0) > 0 : (m.attendedMopac ?? 0) > 0) || actionOwners.includes(o));
}

function responderOrganisation(responder: Pick<CurrentUser, "role" | "organisation">): Organisation {
  if (!can(responder.role, "official-response:publish") || !responder.organisation || !isOrganisation(responder.organisation)) {
    throw new ResponseError("Only Met and MOPAC responders can publish official responses");
  }
  return responder.organisation;
}

const respondedAlready = (organisation: Organisation, what: string) =>
  new ResponseConflictError(`${ORGANISATION_LABELS[organisation]} has already responded to this ${what}. Nothing was changed: you can read the response on its page.`);

/**
 * What a responder may do on a meeting's or an action's page: respond (not yet done), read
 * that their organisation already did, or nothing (not theirs to answer, or not yet).
 */
export type ResponseOffer = { state: "may-respond" | "responded"; organisation: Organisation; organisationLabel: string } | null;

async function alreadyAnswered(kind: AnswerableKind, targetId: string, organisation: Organisation) {
  const q = database();
  const [row] = await q
    .select({ id: officialResponse.id })
    .from(officialResponse)
    .where(and(eq(officialResponse.targetType, kind), eq(officialResponse.targetId, targetId), eq(officialResponse.organisation, organisation)))
    .limit(1);
  return !!row;
}

async function meetingActionOwners(meetingId: string): Promise<string[]> {
  const q = database();
  const rows = await q
    .selectDistinct({ organisation: actionItem.organisation })
    .from(actionItem)
    .where(and(eq(actionItem.sourceType, "meeting"), eq(actionItem.sourceId, meetingId)));
  return rows.map((r) => r.organisation);
}

/** Why a meeting cannot be answered by `organisation` now (not theirs: ResponseError; not now: ResponseConflictError), or null when it can. */
async function meetingRefusal(m: MeetingFacts & { id: string; status: string; createdAt: Date; publishedAt: Date | null }, organisation: Organisation, now: Date): Promise<Error | null> {
  if (m.status !== "minutes-published" || !m.publishedAt) return new ResponseConflictError("You can respond to a meeting once its minutes are published.");
  if (now < m.publishedAt || now < m.createdAt) return new ResponseConflictError("A response cannot be dated before the meeting's minutes were published.");
  if (!organisationsInvitedToMeeting(m, await meetingActionOwners(m.id)).includes(organisation)) {
    return new ResponseError(
      `Only an organisation that was at this meeting or took on one of its actions can respond to it. The minutes record no one from ${ORGANISATION_LABELS[organisation]} and no action for it.`,
    );
  }
  return null;
}

/** Why an action cannot be answered by `organisation` now, or null when it can. */
async function actionRefusal(a: { organisation: string; sourceType: string; sourceId: string; createdAt: Date }, organisation: Organisation, now: Date): Promise<Error | null> {
  if (a.organisation !== organisation) return new ResponseError("Only the organisation that owns this action can respond to it.");
  if (a.sourceType === "meeting") {
    const q = database();
    const [m] = await q.select({ status: meeting.status }).from(meeting).where(eq(meeting.id, a.sourceId));
    if (m?.status !== "minutes-published") return new ResponseConflictError("You can respond to this action once the minutes it comes from are published.");
  }
  if (now < a.createdAt) return new ResponseConflictError("A response cannot be dated before the action was agreed.");
  return null;
}

/** What the meeting's page offers a responder. */
export async function meetingResponseOffer(responder: Pick<CurrentUser, "role" | "organisation"> | null, meetingId: string, now = new Date()): Promise<ResponseOffer> {
  if (!responder || !can(responder.role, "official-response:publish") || !isOrganisation(responder.organisation) || !isUuid(meetingId)) return null;
  const organisation = responder.organisation;
  const q = database();
  const [m] = await q.select().from(meeting).where(eq(meeting.id, meetingId));
  if (!m) return null;
  const base = { organisation, organisationLabel: ORGANISATION_LABELS[organisation] };
  if (await alreadyAnswered("meeting", m.id, organisation)) return { state: "responded", ...base };
  return (await meetingRefusal(m, organisation, now)) ? null : { state: "may-respond", ...base };
}

/** What the action's page offers a responder. */
export async function actionResponseOffer(responder: Pick<CurrentUser, "role" | "organisation"> | null, actionId: string, now = new Date()): Promise<ResponseOffer> {
  if (!responder || !can(responder.role, "official-response:publish") || !isOrganisation(responder.organisation) || !isUuid(actionId)) return null;
  const organisation = responder.organisation;
  const q = database();
  const [a] = await q.select().from(actionItem).where(eq(actionItem.id, actionId));
  if (!a) return null;
  const base = { organisation, organisationLabel: ORGANISATION_LABELS[organisation] };
  if (await alreadyAnswered("action", a.id, organisation)) return { state: "responded", ...base };
  return (await actionRefusal(a, organisation, now)) ? null : { state: "may-respond", ...base };
}

// ---------------------------------------------------------------------------------------------
// Publishing

type PublishInput = { responderTitle: string; body: string };

function isOnePerOrganisationViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { code?: string; constraint?: string; message?: string };
    if (x.code === "23505" && (x.constraint === "official_response_one_per_organisation_idx" || x.message?.includes("official_response_one_per_organisation_idx"))) return true;
  }
  return false;
}

/**
 * Inserts the response with its audit entry and the notifications, in one transaction. The
 * caller's `check` runs inside it, after the thing's row is locked, so two tabs of the same
 * organisation cannot both pass it; the unique index refuses whatever slips through.
 */
async function publish(
  kind: AnswerableKind,
  responder: Pick<CurrentUser, "id" | "role" | "organisation">,
  targetId: string,
  input: PublishInput,
  now: Date,
  check: (organisation: Organisation) => Promise<{ title: string; notify: string[]; url: string }>,
) {
  const organisation = responderOrganisation(responder);
  if (!isUuid(targetId)) throw new ResponseTargetNotFoundError(`That ${kind} does not exist`);
  const events: PendingEvent[] = [];
  try {
    const created = await transaction(async (tx) => {
      const target = await check(organisation);
      if (await alreadyAnswered(kind, targetId, organisation)) throw respondedAlready(organisation, kind);
      const [r] = await tx
        .insert(officialResponse)
        .values({
          targetType: kind,
          targetId,
          organisation,
          responderId: responder.id,
          responderTitle: input.responderTitle.trim(),
          bodySource: input.body,
          bodyHtml: renderMarkdown(input.body),
          publishedAt: now,
        })
        .returning();
      await audit(tx, { actorId: responder.id, action: "official-response.publish", targetType: kind, targetId, details: { responseId: r.id, organisation } });
      events.push(
        ...(await sendNotification(tx, {
          userIds: target.notify,
          kind: "official-response",
          message: `${ORGANISATION_LABELS[organisation]} has responded to "${target.title}".`,
          url: `${target.url}#response-${r.id}`,
          subject: "An official response where you took part",
          at: now,
        })),
      );
      return r;
    });
    publishEvents(events);
    return created;
  } catch (err) {
    if (isOnePerOrganisationViolation(err)) throw respondedAlready(organisation, kind);
    throw err;
  }
}

/** A responder answers a meeting whose minutes are published, for their organisation. */
export async function publishMeetingResponse(responder: Pick<CurrentUser, "id" | "role" | "organisation">, input: PublishInput & { meetingId: string }, now = new Date()) {
  return publish("meeting", responder, input.meetingId, input, now, async (organisation) => {
    const q = database();
    const [m] = await q.select().from(meeting).where(eq(meeting.id, input.meetingId)).for("update");
    if (!m) throw new ResponseTargetNotFoundError("That meeting does not exist");
    const refusal = await meetingRefusal(m, organisation, now);
    if (refusal) throw refusal;
    // The members who were there took part in what is being answered.
    return { title: `${m.title}, ${formatLondonDate(m.startsAt)}`, notify: await meetingAttendeeIds(m.id), url: `/meetings/${m.id}` };
  });
}

/** A responder answers an action their organisation owns. */
export async function publishActionResponse(responder: Pick<CurrentUser, "id" | "role" | "organisation">, input: PublishInput & { actionId: string }, now = new Date()) {
  return publish("action", responder, input.actionId, input, now, async (organisation) => {
    const q = database();
    const [a] = await q.select().from(actionItem).where(eq(actionItem.id, input.actionId)).for("update");
    if (!a) throw new ResponseTargetNotFoundError("That action does not exist");
    const refusal = await actionRefusal(a, organisation, now);
    if (refusal) throw refusal;
    const notify = a.sourceType === "meeting" ? await meetingAttendeeIds(a.sourceId) : [];
    return { title: a.title, notify, url: `/actions/${a.id}` };
  });
}

// ---------------------------------------------------------------------------------------------
// A month's My Met Service report: the Met answers it once the month's figures are final and
// published, 4 weeks after the month (its clock runs 20 working days from then, ~/utils/clocks), once.

type ReportRow = { id: string; month: string };

/** Why a report cannot be answered by `organisation` now, or null when it can. */
function reportRefusal(report: ReportRow, organisation: Organisation, now: Date): Error | null {
  if (organisation !== "met") return new ResponseError("Only the Metropolitan Police responds to My Met Service reports.");
  if (now.getTime() <= feedbackReportRequestedAt(report.month).getTime()) return new ResponseConflictError(`You can respond to ${monthLabel(report.month)}'s report once its figures are published, on ${formatLondonDate(new Date(feedbackReportRequestedAt(report.month).getTime() + 1))}.`);
  return null;
}

/** A month's report, by its month ("YYYY-MM"). */
export async function findFeedbackReport(month: string): Promise<ReportRow | null> {
  if (!isMonth(month)) return null;
  const [row] = await database().select({ id: feedbackReport.id, month: feedbackReport.month }).from(feedbackReport).where(eq(feedbackReport.month, month));
  return row ?? null;
}

/** What the report's respond page offers a responder. */
export async function feedbackReportResponseOffer(responder: Pick<CurrentUser, "role" | "organisation"> | null, month: string, now = new Date()): Promise<ResponseOffer> {
  if (!responder || !can(responder.role, "official-response:publish") || !isOrganisation(responder.organisation)) return null;
  const report = await findFeedbackReport(month);
  if (!report) return null;
  const organisation = responder.organisation;
  const base = { organisation, organisationLabel: ORGANISATION_LABELS[organisation] };
  if (await alreadyAnswered("feedback-report", report.id, organisation)) return { state: "responded", ...base };
  return reportRefusal(report, organisation, now) ? null : { state: "may-respond", ...base };
}

/** The Met answers a month's My Met Service report ("You said, we did" for feedback). */
export async function publishFeedbackReportResponse(responder: Pick<CurrentUser, "id" | "role" | "organisation">, input: PublishInput & { month: string }, now = new Date()) {
  const report = await findFeedbackReport(input.month);
  if (!report) throw new ResponseTargetNotFoundError("There is no My Met Service report for that month");
  return publish("feedback-report", responder, report.id, input, now, async (organisation) => {
    const q = database();
    const [locked] = await q.select({ id: feedbackReport.id, month: feedbackReport.month }).from(feedbackReport).where(eq(feedbackReport.id, report.id)).for("update");
    if (!locked) throw new ResponseTargetNotFoundError("There is no My Met Service report for that month");
    const refusal = reportRefusal(locked, organisation, now);
    if (refusal) throw refusal;
    // Victims answer without an account: nobody to notify.
    return { title: `My Met Service report: ${monthLabel(locked.month)}`, notify: [], url: `/my-met-service/${locked.month}` };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading (the thing's own page; callers have already decided the reader may see the thing)

/** The official responses on a meeting or an action, oldest first. */
export async function listResponsesOn(kind: AnswerableKind, targetId: string) {
  if (!isUuid(targetId)) return [];
  const q = database();
  return q
    .select({
      id: officialResponse.id,
      organisation: officialResponse.organisation,
      responderTitle: officialResponse.responderTitle,
      bodyHtml: officialResponse.bodyHtml,
      publishedAt: officialResponse.publishedAt,
      editedAt: officialResponse.editedAt,
    })
    .from(officialResponse)
    .where(and(eq(officialResponse.targetType, kind), eq(officialResponse.targetId, targetId), inArray(officialResponse.organisation, [...ORGANISATIONS])))
    .orderBy(asc(officialResponse.publishedAt), asc(officialResponse.id));
}

/**
 * Likely identifying details in a response, checked as a post's are (threads.server.ts): null
 * when there are none or the responder chose "Publish anyway" for this exact text.
 */
export function checkResponseDetails(input: { body: string; confirmed?: string | null }) {
  const check = checkIdentifyingDetails({ body: input.body, confirmed: input.confirmed });
  return check ? { ...check, fields: check.fields.map((f) => ({ ...f, label: "Your response" })) } : null;
}

// ---------------------------------------------------------------------------------------------
// What a responder's organisation may still answer (/respond)

/**
 * Meetings with published minutes that involved `organisation` and actions it owns that are
 * still open or in progress, none of them answered by it yet. Nothing here has a due date.
 */
export async function listAnswerable(organisation: Organisation, now = new Date()) {
  const q = database();
  const notAnswered = (kind: AnswerableKind, id: SQL) =>
    sql`not exists (select 1 from ${officialResponse} r where r.target_type = ${kind} and r.target_id = ${id} and r.organisation = ${organisation})`;
  const meetings = await q
    .select({
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      attendedMet: meeting.attendedMet,
      attendedMopac: meeting.attendedMopac,
      forumName: forum.name,
      actionOwners: sql<string[]>`coalesce((select array_agg(distinct ai.organisation) from ${actionItem} ai where ai.source_type = 'meeting' and ai.source_id = ${meeting.id}), '{}'::text[])`,
    })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(and(eq(meeting.status, "minutes-published"), lte(meeting.publishedAt, now), notAnswered("meeting", sql`${meeting.id}`)))
    .orderBy(desc(meeting.startsAt))
    .limit(200);
  const actions = await q
    .select({ id: actionItem.id, title: actionItem.title, status: actionItem.status, dueAt: actionItem.dueAt })
    .from(actionItem)
    .where(
      and(
        eq(actionItem.organisation, organisation),
        actionStillOpen(),
        liveAction(),
        notAnswered("action", sql`${actionItem.id}`),
      ),
    )
    .orderBy(asc(actionItem.dueAt), asc(actionItem.id))
    .limit(200);
  // Months whose My Met Service report is over and not yet answered (the Met's alone), oldest first, with their clock.
  const reports =
    organisation === "met"
      ? await q
          .select({ id: feedbackReport.id, month: feedbackReport.month })
          .from(feedbackReport)
          .where(and(lte(feedbackReport.month, latestFinalFeedbackMonth(now)), notAnswered("feedback-report", sql`${feedbackReport.id}`)))
          .orderBy(asc(feedbackReport.month))
          .limit(200)
      : [];
  return {
    meetings: meetings.filter((m) => organisationsInvitedToMeeting(m, m.actionOwners ?? []).includes(organisation)),
    actions,
    feedbackReports: reports.map((r) => ({ ...r, label: monthLabel(r.month), dueAt: feedbackReportDueAt(r.month) })),
  };
}
