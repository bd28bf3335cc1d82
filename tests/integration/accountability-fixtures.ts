// A fixture with known answers for the accountability tests: threads marked for response
// (answered on time, late, overdue, not yet due, across the Q3/Q4 2026 boundary in London time),
// consultations (one answered, one overdue whose results are not public yet, one open), meetings
// (public minutes, minutes of a forum whose minutes are private, minutes in review, a future
// meeting) and actions in every status. Words that must never reach anything public are in
// SECRETS: members' own words, titles of things the public may not see, a responder's name.
//
// Threads and official responses on threads go through the model functions the pages use;
// consultations, meetings and actions are inserted directly so their times can be fixed exactly.
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { actionItem, actionUpdate } from "../../db/schema/actions";
import { consultation, consultationAnswer, consultationForum, consultationOption, consultationQuestion, consultationResponse, consultationTextAnswer } from "../../db/schema/consultations";
import { forum } from "../../db/schema/forums";
import { meeting, meetingAgendaItem } from "../../db/schema/meetings";
import { officialResponse } from "../../db/schema/threads";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { replyToThread, startThread } from "~/models/threads/threads.server";
import { sealForumSet } from "~/models/consultations/forum-sets.server";
import { endOfLondonDay } from "~/utils/working-days";
import { asCurrentUser, makeForum, makeUser } from "../factories";
import { markForResponse, publishThreadResponse } from "~/models/threads/official-responses.server";
import { DAY, HOUR } from "~/utils/time";

/** "Now" for every figure: Thursday 15 October 2026, 12:00 BST. */
export const NOW = new Date("2026-10-15T11:00:00Z");

export const SECRETS = {
  membersOnlyTitle: "Zebra-quartz members-only title",
  membersOnlyBody: "Zebra-quartz: what happened to me at the station, in my own words.",
  pendingReply: "Zebra-quartz pending reply still with the moderators.",
  hiddenConsultationTitle: "Zebra-quartz consultation not yet public",
  openConsultationTitle: "Zebra-quartz consultation still open",
  privateMeetingTitle: "Zebra-quartz meeting of a private forum",
  reviewMeetingTitle: "Zebra-quartz meeting with minutes in review",
  futureMeetingTitle: "Zebra-quartz meeting next month",
  privateActionTitle: "Zebra-quartz action from private minutes",
  privateActionNote: "Zebra-quartz progress note on a private action",
  reviewActionTitle: "Zebra-quartz action from draft minutes",
  privateMeetingResponse: "Zebra-quartz response on a private meeting",
  writtenAnswer: "Zebra-quartz written answer by one member",
  responderName: "Zebra-quartz Responder Name",
};

export const PUBLIC_SUMMARY = "Members described how long it took to hear back about their reports.";

const at = (iso: string) => new Date(iso);
const due = (isoDate: string) => endOfLondonDay(isoDate);
const body = (words: string) => `I want to share ${words} with everyone here.`;

export async function makeAccountabilityFixture() {
  const q = db();
  const publicForum = await makeForum(q, { name: "Riverside Forum" });
  const privateForum = await makeForum(q, { name: "Hillside Forum" });
  await q.update(forum).set({ minutesPublic: false }).where(eq(forum.id, privateForum.id));

  const made = {
    author: await makeUser(q, { name: "Fixture Author", forumIds: [publicForum.id] }),
    member: await makeUser(q, { name: "Fixture Member", forumIds: [publicForum.id, privateForum.id] }),
    moderator: await makeUser(q, { name: "Fixture Moderator", role: "moderator", forumIds: [publicForum.id, privateForum.id] }),
    met: await makeUser(q, { name: SECRETS.responderName, role: "responder", organisation: "met" }),
    mopac: await makeUser(q, { name: "Fixture MOPAC Officer", role: "responder", organisation: "mopac" }),
  };
  const p = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, asCurrentUser(v)])) as { [K in keyof typeof made]: ReturnType<typeof asCurrentUser> };

  async function thread(input: { title: string; visibility: "public" | "members"; text: string; createdAt: Date }) {
    const { thread: t, post } = await startThread(p.author, { forumId: publicForum.id, title: input.title, visibility: input.visibility, body: input.text, contentWarnings: [], atRisk: false }, input.createdAt);
    await transitionPost({ postId: post.id, actor: p.moderator, transition: { kind: "approve" }, now: new Date(input.createdAt.getTime() + HOUR) });
    return t;
  }
  const mark = (threadId: string, organisation: "met" | "mopac", requestedAt: Date, dueAt: Date, publicSummary?: string) =>
    markForResponse(p.moderator, { threadId, organisation, dueAt, publicSummary }, requestedAt);
  const respond = (who: typeof p.met, threadId: string, publishedAt: Date, text = "We have listened and this is what we will do next.") =>
    publishThreadResponse(who, { threadId, body: text, responderTitle: who.organisation === "met" ? "Reform lead, Victim Care" : "Policy officer" }, publishedAt);

  // --- Threads ------------------------------------------------------------------------------
  // T1 (Met, Q3): asked Mon 3 Aug, due Fri 28 Aug, answered Thu 20 Aug: on time, 17 days.
  const t1 = await thread({ title: "Waiting months to hear my case was closed", visibility: "public", text: body("how long I waited"), createdAt: at("2026-07-30T09:00:00Z") });
  await mark(t1.id, "met", at("2026-08-03T09:00:00Z"), due("2026-08-28"));
  const r1 = await respond(p.met, t1.id, at("2026-08-20T10:00:00Z"), "From January every case closure will trigger a letter and a named contact.");
  // A later Met response (a follow-up) and a MOPAC response nobody asked for: neither counts.
  const r1b = await respond(p.met, t1.id, at("2026-09-01T10:00:00Z"), "An update: the letters start in January.");
  const r1c = await respond(p.mopac, t1.id, at("2026-08-25T10:00:00Z"), "MOPAC will check the letters go out.");

  // T2 (Met, Q3, members-only): asked Tue 1 Sep, due Tue 29 Sep, answered Fri 2 Oct: late, 31 days.
  const t2 = await thread({ title: SECRETS.membersOnlyTitle, visibility: "members", text: SECRETS.membersOnlyBody, createdAt: at("2026-08-28T09:00:00Z") });
  await mark(t2.id, "met", at("2026-09-01T09:00:00Z"), due("2026-09-29"), PUBLIC_SUMMARY);
  const r2 = await respond(p.met, t2.id, at("2026-10-02T09:00:00Z"), "We are sorry it took so long to tell you.");
  // A reply still awaiting moderation in the members-only thread.
  await replyToThread(p.member, { threadId: t2.id, body: SECRETS.pendingReply, contentWarnings: [], atRisk: false }, at("2026-10-10T09:00:00Z"));

  // T3 (Met, Q4): asked 15 Sep, due Tue 13 Oct, not answered: overdue on 15 Oct.
  const t3 = await thread({ title: "Nobody returned my phone after the trial", visibility: "public", text: body("what happened with my phone"), createdAt: at("2026-09-14T09:00:00Z") });
  await mark(t3.id, "met", at("2026-09-15T09:00:00Z"), due("2026-10-13"));

  // T4 (MOPAC, Q4): asked 1 Oct, due Thu 29 Oct, not answered: not yet due.
  const t4 = await thread({ title: "Interpreters at victim interviews", visibility: "public", text: body("what it was like without an interpreter"), createdAt: at("2026-09-30T09:00:00Z") });
  await mark(t4.id, "mopac", at("2026-10-01T09:00:00Z"), due("2026-10-29"));

  // T5 (MOPAC, Q3 by London time): due at the end of Wed 30 Sep (22:59:59.999 UTC), answered at
  // 23:30 BST that day (22:30 UTC): on time, 20 days after being asked on 10 Sep.
  const t5 = await thread({ title: "Being kept informed about bail conditions", visibility: "public", text: body("what I was told about bail"), createdAt: at("2026-09-09T09:00:00Z") });
  await mark(t5.id, "mopac", at("2026-09-10T09:00:00Z"), due("2026-09-30"));
  const r5 = await respond(p.mopac, t5.id, at("2026-09-30T22:30:00Z"), "We will ask for bail updates to be sent within a day.");

  // --- Consultations -------------------------------------------------------------------------
  const consultationValues = (title: string, organisation: "met" | "mopac", status: string, opensAt: Date, closesAt: Date, closedAt: Date | null) => ({
    title,
    summary: `About ${title}.`,
    proposalSource: "The proposal in full.",
    proposalHtml: "<p>The proposal in full.</p>",
    organisation,
    status,
    opensAt,
    closesAt,
    openedAt: opensAt,
    closedAt,
    createdById: p.moderator.id,
  });
  // C1 (Met, Q3): closed 1 Jul 17:00 BST, due 23 Sep; "You said, we did" on 1 Sep: on time, 62 days.
  const [c1] = await q
    .insert(consultation)
    .values({ ...consultationValues("Letters when a case closes", "met", "responded", at("2026-06-01T08:00:00Z"), at("2026-07-01T16:00:00Z"), at("2026-07-01T16:00:00Z")), resultsPublishedAt: at("2026-07-10T09:00:00Z"), respondedAt: at("2026-09-01T09:00:00Z") })
    .returning();
  // C2 (MOPAC, Q4 by London time): closed 9 Jul 00:30 BST, due 1 Oct 00:30 BST (30 Sep 23:30 UTC); no response: overdue.
  const [c2] = await q
    .insert(consultation)
    .values(consultationValues(SECRETS.hiddenConsultationTitle, "mopac", "closed", at("2026-06-08T08:00:00Z"), at("2026-07-08T23:30:00Z"), at("2026-07-08T23:30:00Z")))
    .returning();
  // C3: open, for members only.
  // It closes years ahead: a closing time already past is closed by the test server's own
  // scheduler (consultations close at closing time), racing whatever a test asks of it.
  const [c3] = await q.insert(consultation).values(consultationValues(SECRETS.openConsultationTitle, "met", "open", at("2026-10-01T08:00:00Z"), at("2036-11-30T17:00:00Z"), null)).returning();
  await q.insert(consultationForum).values([c1, c2, c3].map((c) => ({ consultationId: c.id, forumId: publicForum.id })));
  const rc1 = await q
    .insert(officialResponse)
    .values({ targetType: "consultation", targetId: c1.id, organisation: "met", responderId: p.met.id, responderTitle: "Reform lead, Victim Care", bodySource: "You said, we did.", bodyHtml: "<p>You said, we did.</p>", publishedAt: at("2026-09-01T09:00:00Z") })
    .returning();
  // C1's results: one single-choice question answered by 6 members (4 "Yes", 2 "No"), one written question.
  const [question] = await q.insert(consultationQuestion).values({ consultationId: c1.id, position: 1, kind: "single", prompt: "Should victims get a letter?" }).returning();
  const [yes, no] = await q
    .insert(consultationOption)
    .values([
      { questionId: question.id, position: 1, label: "Yes" },
      { questionId: question.id, position: 2, label: "No" },
    ])
    .returning();
  const [written] = await q.insert(consultationQuestion).values({ consultationId: c1.id, position: 2, kind: "text", prompt: "Anything else?", required: false, maxLength: 500 }).returning();
  for (let i = 0; i < 6; i++) {
    const [response] = await q.insert(consultationResponse).values({ consultationId: c1.id, respondentKey: `fixture-${i}`, forumSet: sealForumSet(c1.id, [publicForum.id]) }).returning();
    await q.insert(consultationAnswer).values({ responseId: response.id, questionId: question.id, optionId: i < 4 ? yes.id : no.id });
    if (i === 0) await q.insert(consultationTextAnswer).values({ responseId: response.id, consultationId: c1.id, questionId: written.id, body: SECRETS.writtenAnswer, status: "approved" });
  }

  // --- Meetings --------------------------------------------------------------------------------
  const meetingValues = (title: string, forumId: string, status: string, startsAt: Date) => ({
    title,
    forumId,
    status,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * HOUR),
    place: "City Hall",
    createdById: p.moderator.id,
    publishedAt: status === "minutes-published" ? new Date(startsAt.getTime() + 14 * DAY) : null,
  });
  const [m1] = await q.insert(meeting).values(meetingValues("Summer forum meeting", publicForum.id, "minutes-published", at("2026-06-20T17:00:00Z"))).returning();
  const [m2] = await q.insert(meeting).values(meetingValues(SECRETS.privateMeetingTitle, privateForum.id, "minutes-published", at("2026-06-22T17:00:00Z"))).returning();
  const [m3] = await q.insert(meeting).values({ ...meetingValues(SECRETS.reviewMeetingTitle, publicForum.id, "minutes-review", at("2026-10-05T17:00:00Z")), reviewClosesAt: at("2026-10-20T17:00:00Z") }).returning();
  const [m4] = await q.insert(meeting).values(meetingValues(SECRETS.futureMeetingTitle, publicForum.id, "scheduled", at("2026-11-20T18:00:00Z"))).returning();
  await q.insert(meetingAgendaItem).values([
    { meetingId: m1.id, position: 1, title: "Being told when a case closes", decisionsSource: "Letters for every closure.", decisionsHtml: "<p>Letters for every closure.</p>" },
    { meetingId: m2.id, position: 1, title: SECRETS.privateMeetingTitle, decisionsSource: "x", decisionsHtml: "<p>x</p>" },
  ]);
  const rm1 = await q
    .insert(officialResponse)
    .values({ targetType: "meeting", targetId: m1.id, organisation: "met", responderId: p.met.id, responderTitle: "Reform lead, Victim Care", bodySource: "Thank you for the meeting.", bodyHtml: "<p>Thank you for the meeting.</p>", publishedAt: at("2026-07-10T09:00:00Z") })
    .returning();
  await q.insert(officialResponse).values({ targetType: "meeting", targetId: m2.id, organisation: "met", responderId: p.met.id, responderTitle: "Reform lead", bodySource: SECRETS.privateMeetingResponse, bodyHtml: `<p>${SECRETS.privateMeetingResponse}</p>`, publishedAt: at("2026-07-11T09:00:00Z") });

  // --- Actions ---------------------------------------------------------------------------------
  const action = async (input: { title: string; organisation: "met" | "mopac" | "facilitator"; status: string; dueDate: string; createdAt?: Date; completedAt?: Date | null; source?: { type: "meeting" | "consultation"; id: string; forumId: string | null } }) => {
    const source = input.source ?? { type: "meeting" as const, id: m1.id, forumId: publicForum.id };
    const [row] = await q
      .insert(actionItem)
      .values({
        title: input.title,
        organisation: input.organisation,
        status: input.status,
        dueAt: due(input.dueDate),
        sourceType: source.type,
        sourceId: source.id,
        forumId: source.forumId,
        createdById: p.moderator.id,
        createdAt: input.createdAt ?? at("2026-07-01T09:00:00Z"),
        completedAt: input.completedAt ?? null,
        statusReason: input.status === "not-doing" ? "It turned out to be against the law." : null,
        evidence: input.status === "done" ? "The new letter is on the Met's website." : null,
      })
      .returning();
    return row;
  };
  const a1 = await action({ title: "Publish the case-closure letter", organisation: "met", status: "open", dueDate: "2026-09-30" }); // Q3, overdue
  const a2 = await action({ title: "Train call handlers on updates", organisation: "met", status: "in-progress", dueDate: "2026-10-30" }); // Q4
  const a3 = await action({ title: "Name a contact in every letter", organisation: "met", status: "done", dueDate: "2026-08-31", completedAt: at("2026-07-11T09:00:00Z") }); // Q3, 10 days
  const a4 = await action({ title: "Text message updates", organisation: "met", status: "not-doing", dueDate: "2026-10-01", completedAt: at("2026-09-20T09:00:00Z") }); // Q4
  const a5 = await action({ title: "Fund court waiting rooms", organisation: "mopac", status: "done", dueDate: "2026-07-31", completedAt: at("2026-07-05T09:00:00Z") }); // Q3, 4 days
  const a6 = await action({ title: "Review interpreter budgets", organisation: "mopac", status: "open", dueDate: "2026-10-14" }); // Q4, overdue
  const a7 = await action({ title: "Send members the meeting notes", organisation: "facilitator", status: "done", dueDate: "2026-09-01", createdAt: at("2026-08-01T09:00:00Z"), completedAt: at("2026-08-21T09:00:00Z") }); // Q3, 20 days
  const a8 = await action({ title: "Report monthly on letters sent", organisation: "met", status: "open", dueDate: "2026-12-31", source: { type: "consultation", id: c1.id, forumId: null } }); // Q4
  const a9 = await action({ title: SECRETS.privateActionTitle, organisation: "met", status: "open", dueDate: "2026-09-01", source: { type: "meeting", id: m2.id, forumId: privateForum.id } });
  const a10 = await action({ title: SECRETS.reviewActionTitle, organisation: "met", status: "open", dueDate: "2026-09-01", source: { type: "meeting", id: m3.id, forumId: publicForum.id } });
  await q.insert(actionUpdate).values([
    { actionItemId: a3.id, authorId: p.met.id, organisation: "met", statusFrom: "open", statusTo: "in-progress", note: "Work on this has started.", createdAt: at("2026-07-03T09:00:00Z") },
    { actionItemId: a3.id, authorId: p.met.id, organisation: "met", statusFrom: "in-progress", statusTo: "done", note: "=SUM(A1:A2) This has been done.", createdAt: at("2026-07-11T09:00:00Z") },
    { actionItemId: a9.id, authorId: p.met.id, organisation: "met", statusFrom: "open", statusTo: "open", note: SECRETS.privateActionNote, createdAt: at("2026-08-01T09:00:00Z") },
  ]);
  const ra1 = await q
    .insert(officialResponse)
    .values({ targetType: "action", targetId: a1.id, organisation: "met", responderId: p.met.id, responderTitle: "Reform lead, Victim Care", bodySource: "The letter is being drafted.", bodyHtml: "<p>The letter is being drafted.</p>", publishedAt: at("2026-09-15T09:00:00Z") })
    .returning();
  await q.insert(officialResponse).values({ targetType: "action", targetId: a9.id, organisation: "met", responderId: p.met.id, responderTitle: "Reform lead", bodySource: SECRETS.privateActionNote, bodyHtml: `<p>${SECRETS.privateActionNote}</p>`, publishedAt: at("2026-09-16T09:00:00Z") });

  return {
    made,
    people: p,
    forums: { publicForum, privateForum },
    threads: { t1, t2, t3, t4, t5 },
    responses: { r1, r1b, r1c, r2, r5, rc1: rc1[0], rm1: rm1[0], ra1: ra1[0] },
    consultations: { c1, c2, c3 },
    meetings: { m1, m2, m3, m4 },
    actions: { a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 },
  };
}

export type AccountabilityFixture = Awaited<ReturnType<typeof makeAccountabilityFixture>>;

/** Every public official response in the fixture (the hidden meeting's and action's are not). */
export const PUBLIC_RESPONSE_COUNT = 8;
