// Minutes (issue 5): attendance never names anyone in public, quotes name a member only with
// their consent for that meeting, review comments are read by moderators only, Markdown is
// sanitized, and corrections after publication leave a dated note.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { meetingReviewComment } from "../../db/schema/meetings";
import {
  attendanceCounts,
  getMeeting,
  getMeetingForViewer,
  listAgenda,
  MeetingConflictError,
  MeetingForbiddenError,
  MeetingNotFoundError,
  MeetingRuleError,
  recordAttendance,
  transitionMeeting,
} from "~/models/meetings/meetings.server";
import {
  A_MEMBER,
  addAgendaItem,
  addQuote,
  addReviewComment,
  getMinutes,
  listRevisions,
  listReviewComments,
  removeMeetingAction,
  saveAgendaMinutes,
  setNamingConsent,
  addMeetingAction,
} from "~/models/meetings/minutes.server";
import { listActionLog } from "~/models/actions/action-items.server";
import * as meetingPage from "~/routes/meetings.$id._index";
import * as reviewPage from "~/routes/meetings.$id.review";
import * as meetingsList from "~/routes/meetings._index";
import { useTestDatabase } from "../db";
import { auditOf, cookieFor, DAY, makeMeetingCast, meetingIn, run, type MeetingCast } from "./meetings-fixtures";

useTestDatabase();

async function firstItem(meetingId: string) {
  const [item] = await listAgenda(meetingId);
  return item;
}

async function quoteFromAlice(cast: MeetingCast, meetingId: string) {
  const item = await firstItem(meetingId);
  await addQuote(cast.moderator, { meetingId, agendaItemId: item.id, memberId: cast.alice.id, text: "Nobody called me back for three months." });
  return item;
}

describe("attendance", () => {
  it("is counts by role: the public page, the list and the audit log never name who attended", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-published");
    const row = (await getMeeting(m.id))!;
    expect(attendanceCounts(row)).toEqual({ members: 3, met: 1, mopac: 1, facilitators: 2, others: 0 });
    const names = [cast.alice.name, cast.bob.name, cast.carol.name];
    for (const cookie of [undefined, await cookieFor(cast.made.outsider), await cookieFor(cast.made.met)]) {
      const page = await run(meetingPage.loader, `/meetings/${m.id}`, { cookie, params: { id: m.id } });
      expect(page.status).toBe(200);
      expect(page.data.attendance).toEqual([
        { label: "Members", count: 3 },
        { label: "Metropolitan Police", count: 1 },
        { label: "MOPAC", count: 1 },
        { label: "Facilitators", count: 2 },
        { label: "Others", count: 0 },
      ]);
      for (const name of names) expect(page.text).not.toContain(name);
      const list = await run(meetingsList.loader, "/meetings", { cookie });
      for (const name of names) expect(list.text).not.toContain(name);
    }
    for (const entry of await auditOf(m.id)) {
      for (const name of names) expect(JSON.stringify(entry)).not.toContain(name);
      for (const id of [cast.alice.id, cast.bob.id, cast.carol.id]) expect(JSON.stringify(entry.details)).not.toContain(id);
    }
  });

  it("only moderators record it, only once the meeting is held, and only forum members can be marked present", async () => {
    const cast = await makeMeetingCast();
    const scheduled = await meetingIn(cast, "scheduled", { startsAt: new Date(Date.now() + 3 * DAY) });
    const counts = { members: 2, met: 1, mopac: 0, facilitators: 1, others: 0 };
    await expect(recordAttendance(cast.moderator, { meetingId: scheduled.id, counts, presentIds: [] })).rejects.toThrow("Mark the meeting as held");
    const held = await meetingIn(cast, "held");
    await expect(recordAttendance(cast.alice, { meetingId: held.id, counts, presentIds: [] })).rejects.toBeInstanceOf(MeetingForbiddenError);
    await expect(recordAttendance(cast.met, { meetingId: held.id, counts, presentIds: [] })).rejects.toBeInstanceOf(MeetingForbiddenError);
    await expect(recordAttendance(cast.moderator, { meetingId: held.id, counts, presentIds: [cast.outsider.id] })).rejects.toBeInstanceOf(MeetingRuleError);
    await expect(recordAttendance(cast.moderator, { meetingId: held.id, counts: { ...counts, members: 0 }, presentIds: [cast.bob.id] })).rejects.toThrow("at least 1");
    await recordAttendance(cast.moderator, { meetingId: held.id, counts, presentIds: [cast.bob.id] });
    expect(attendanceCounts((await getMeeting(held.id))!)).toEqual(counts);
  });
});

describe("consent to be named", () => {
  it("without consent a quote says 'A member'; with it, the member's display name; withdrawn, 'A member' again", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    await quoteFromAlice(cast, m.id);
    const speaker = async () => (await getMinutes(m.id))[0].quotes[0].speaker;
    expect(await speaker()).toBe(A_MEMBER);
    await setNamingConsent({ meetingId: m.id, actor: cast.alice, consent: true });
    expect(await speaker()).toBe(cast.alice.name);
    await setNamingConsent({ meetingId: m.id, actor: cast.alice, consent: false });
    expect(await speaker()).toBe(A_MEMBER);
    // Bob's consent says nothing about Alice's words.
    await setNamingConsent({ meetingId: m.id, actor: cast.bob, consent: true });
    expect(await speaker()).toBe(A_MEMBER);
  });

  it("is given for one meeting only", async () => {
    const cast = await makeMeetingCast();
    const first = await meetingIn(cast, "minutes-draft");
    const second = await meetingIn(cast, "minutes-draft");
    await quoteFromAlice(cast, first.id);
    await quoteFromAlice(cast, second.id);
    await setNamingConsent({ meetingId: first.id, actor: cast.alice, consent: true });
    expect((await getMinutes(first.id))[0].quotes[0].speaker).toBe(cast.alice.name);
    expect((await getMinutes(second.id))[0].quotes[0].speaker).toBe(A_MEMBER);
  });

  it("can change until publication and not after; only members who attended can give it", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-review");
    await quoteFromAlice(cast, m.id);
    await expect(setNamingConsent({ meetingId: m.id, actor: cast.outsider, consent: true })).rejects.toBeInstanceOf(MeetingNotFoundError);
    await expect(setNamingConsent({ meetingId: m.id, actor: cast.met, consent: true })).rejects.toBeInstanceOf(MeetingNotFoundError);
    await setNamingConsent({ meetingId: m.id, actor: cast.alice, consent: true });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } });
    await expect(setNamingConsent({ meetingId: m.id, actor: cast.alice, consent: false })).rejects.toBeInstanceOf(MeetingConflictError);
    expect((await getMinutes(m.id))[0].quotes[0].speaker).toBe(cast.alice.name);
  });

  it("a deleted account is never named, consent or not", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    await quoteFromAlice(cast, m.id);
    await setNamingConsent({ meetingId: m.id, actor: cast.alice, consent: true });
    await db().update(user).set({ deletedAt: new Date() }).where(eq(user.id, cast.alice.id));
    expect((await getMinutes(m.id))[0].quotes[0].speaker).toBe(A_MEMBER);
  });

  it("quotes can only be linked to members who attended", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    const item = await firstItem(m.id);
    await expect(addQuote(cast.moderator, { meetingId: m.id, agendaItemId: item.id, memberId: cast.outsider.id, text: "Something said." })).rejects.toBeInstanceOf(MeetingRuleError);
    // Carol was marked present by the moderator; Alice and Bob said they were going.
    await addQuote(cast.moderator, { meetingId: m.id, agendaItemId: item.id, memberId: cast.carol.id, text: "Something said." });
    await addQuote(cast.moderator, { meetingId: m.id, agendaItemId: item.id, memberId: null, text: "Something else said." });
    expect((await getMinutes(m.id))[0].quotes.map((q) => q.speaker)).toEqual([A_MEMBER, A_MEMBER]);
    await expect(addQuote(cast.alice, { meetingId: m.id, agendaItemId: item.id, memberId: null, text: "Not a moderator." })).rejects.toBeInstanceOf(MeetingForbiddenError);
  });

  it("the published page shows the consenting member's name and 'A member' for the other, to the public too", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-review");
    const item = await quoteFromAlice(cast, m.id);
    await addQuote(cast.moderator, { meetingId: m.id, agendaItemId: item.id, memberId: cast.bob.id, text: "The letters need a named contact." });
    await setNamingConsent({ meetingId: m.id, actor: cast.alice, consent: true });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } });
    const page = await run(meetingPage.loader, `/meetings/${m.id}`, { params: { id: m.id } });
    const quotes = page.data.minutes[0].quotes;
    expect(quotes.map((q: { speaker: string }) => q.speaker)).toEqual([cast.alice.name, A_MEMBER]);
    expect(page.text).not.toContain(cast.bob.name);
    expect(page.text).not.toContain("linkedMember");
  });
});

describe("review comments", () => {
  it("members who attended comment during the review period; only moderators read them", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-review");
    const item = await firstItem(m.id);
    await addReviewComment({ meetingId: m.id, agendaItemId: item.id, actor: cast.alice, body: "I said three months, not three weeks." });
    await addReviewComment({ meetingId: m.id, agendaItemId: item.id, actor: cast.carol, body: "Please add that the letters came late." });
    await expect(addReviewComment({ meetingId: m.id, agendaItemId: item.id, actor: cast.outsider, body: "Not there." })).rejects.toBeInstanceOf(MeetingNotFoundError);
    await expect(addReviewComment({ meetingId: m.id, agendaItemId: item.id, actor: cast.met, body: "Not there either." })).rejects.toBeInstanceOf(MeetingNotFoundError);

    expect((await listReviewComments(m.id, cast.moderator)).map((c) => c.authorName)).toEqual([cast.alice.name, cast.carol.name]);
    expect((await listReviewComments(m.id, cast.admin)).length).toBe(2);
    // Anyone else: their own comments at most.
    expect((await listReviewComments(m.id, cast.alice)).map((c) => c.body)).toEqual(["I said three months, not three weeks."]);
    expect(await listReviewComments(m.id, cast.bob)).toEqual([]);
    expect(await listReviewComments(m.id, cast.met)).toEqual([]);

    // Through the pages: Bob (attended) sees neither comment; the Met and the public cannot open the review page.
    const asBob = await run(reviewPage.loader, `/meetings/${m.id}/review`, { cookie: await cookieFor(cast.made.bob), params: { id: m.id } });
    expect(asBob.status).toBe(200);
    expect(asBob.text).not.toContain("three months");
    expect(asBob.text).not.toContain("letters came late");
    const asMet = await run(reviewPage.loader, `/meetings/${m.id}/review`, { cookie: await cookieFor(cast.made.met), params: { id: m.id } });
    expect(asMet.status).toBe(404);
    const asModerator = await run(reviewPage.loader, `/meetings/${m.id}/review`, { cookie: await cookieFor(cast.made.moderator), params: { id: m.id } });
    expect(asModerator.text).toContain("three months");
    expect(asModerator.text).toContain("letters came late");

    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } });
    const published = await run(meetingPage.loader, `/meetings/${m.id}`, { params: { id: m.id } });
    expect(published.text).not.toContain("three months, not three weeks");
    expect(published.text).not.toContain("letters came late");
  });

  it("are closed outside the review period", async () => {
    const cast = await makeMeetingCast();
    const draft = await meetingIn(cast, "minutes-draft");
    await expect(addReviewComment({ meetingId: draft.id, agendaItemId: (await firstItem(draft.id)).id, actor: cast.alice, body: "Too early." })).rejects.toBeInstanceOf(MeetingConflictError);
    const review = await meetingIn(cast, "minutes-review");
    const row = (await getMeeting(review.id))!;
    await expect(
      addReviewComment({ meetingId: review.id, agendaItemId: (await firstItem(review.id)).id, actor: cast.alice, body: "Too late.", now: new Date(row.reviewClosesAt!.getTime() + 1) }),
    ).rejects.toThrow("review period has ended");
    expect(await db().select().from(meetingReviewComment)).toHaveLength(0);
  });
});

describe("writing and publishing minutes", () => {
  it("Markdown is rendered and sanitized on save; member names in the text are pointed out", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    const item = await firstItem(m.id);
    const { mentions } = await saveAgendaMinutes(cast.moderator, {
      meetingId: m.id,
      agendaItemId: item.id,
      summary: `We **discussed** letters. <script>alert(1)</script> [x](javascript:alert(1)) ${cast.bob.name} spoke.`,
      decisions: "- Write to the Met <img src=x onerror=alert(1)>",
    });
    expect(mentions).toEqual([cast.bob.name]);
    const [minutes] = await getMinutes(m.id);
    expect(minutes.summaryHtml).toContain("<strong>discussed</strong>");
    // Raw HTML is shown as the text that was typed, never as markup; links keep safe schemes only.
    expect(minutes.summaryHtml).not.toMatch(/<script|href="javascript:/i);
    expect(minutes.summaryHtml).toContain("&lt;script&gt;");
    expect(minutes.decisionsHtml).not.toMatch(/<img/i);
    expect(minutes.decisionsHtml).toContain("&lt;img");
    await expect(saveAgendaMinutes(cast.alice, { meetingId: m.id, agendaItemId: item.id, summary: "x", decisions: "" })).rejects.toBeInstanceOf(MeetingForbiddenError);
  });

  it("corrections after publication need a note, which is shown, dated, with the minutes", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-published");
    const item = await firstItem(m.id);
    await expect(saveAgendaMinutes(cast.moderator, { meetingId: m.id, agendaItemId: item.id, summary: "Corrected.", decisions: "" })).rejects.toBeInstanceOf(MeetingRuleError);
    await saveAgendaMinutes(cast.moderator, { meetingId: m.id, agendaItemId: item.id, summary: "Corrected text.", decisions: "", revisionNote: "Corrected the number of letters sent." });
    expect((await listRevisions(m.id)).map((r) => r.note)).toEqual(["Corrected the number of letters sent."]);
    const page = await run(meetingPage.loader, `/meetings/${m.id}`, { params: { id: m.id } });
    expect(page.data.revisions).toEqual([expect.objectContaining({ note: "Corrected the number of letters sent.", date: expect.stringMatching(/\d{4}/) })]);
    expect((await auditOf(m.id)).map((e) => e.action)).toContain("meeting.correct");
  });

  it("agenda items can be added while the minutes are written; not once published", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    await addAgendaItem(cast.moderator, { meetingId: m.id, title: "Any other business", notes: "" });
    expect((await listAgenda(m.id)).map((a) => a.position)).toEqual([1, 2, 3, 4]);
    const published = await meetingIn(cast, "minutes-published");
    await expect(addAgendaItem(cast.moderator, { meetingId: published.id, title: "Late", notes: "" })).rejects.toBeInstanceOf(MeetingConflictError);
  });

  it("actions in draft minutes are not public until the minutes are published, and can be removed until then", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    const item = await firstItem(m.id);
    const kept = await addMeetingAction(cast.moderator, { meetingId: m.id, agendaItemId: item.id, title: "Write to every victim whose case closed", details: "", organisation: "met", dueDate: "2099-01-31" });
    const dropped = await addMeetingAction(cast.moderator, { meetingId: m.id, agendaItemId: item.id, title: "A draft action", details: "", organisation: "mopac", dueDate: "2099-01-31" });
    expect((await listActionLog(null)).actions).toHaveLength(0);
    expect((await listActionLog(cast.alice)).actions).toHaveLength(0);
    expect(await removeMeetingAction(cast.moderator, { meetingId: m.id, actionItemId: dropped.id })).toBe(true);
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "open-review" } });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } });
    expect((await listActionLog(null)).actions.map((a) => a.id)).toEqual([kept.id]);
    await expect(removeMeetingAction(cast.moderator, { meetingId: m.id, actionItemId: kept.id })).rejects.toBeInstanceOf(MeetingConflictError);
  });

  it("draft minutes are shown to moderators only; in review also to those who attended, on the review page", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-review");
    const item = await firstItem(m.id);
    await saveAgendaMinutes(cast.moderator, { meetingId: m.id, agendaItemId: item.id, summary: "A secret draft sentence.", decisions: "" });
    const forCarol = await run(meetingPage.loader, `/meetings/${m.id}`, { cookie: await cookieFor(cast.made.carol), params: { id: m.id } });
    expect(forCarol.text).not.toContain("A secret draft sentence.");
    const forMet = await run(meetingPage.loader, `/meetings/${m.id}`, { cookie: await cookieFor(cast.made.met), params: { id: m.id } });
    expect(forMet.text).not.toContain("A secret draft sentence.");
    const review = await run(reviewPage.loader, `/meetings/${m.id}/review`, { cookie: await cookieFor(cast.made.carol), params: { id: m.id } });
    expect(review.text).toContain("A secret draft sentence.");
    // A member of the forum who did not attend cannot review.
    const { makeUser } = await import("../factories");
    const absent = await makeUser(db(), { forumIds: [cast.forum.id] });
    const forAbsent = await run(reviewPage.loader, `/meetings/${m.id}/review`, { cookie: await cookieFor(absent), params: { id: m.id } });
    expect(forAbsent.status).toBe(404);
    expect(await getMeetingForViewer(m.id, { id: absent.id, role: "member" })).not.toBeNull();
  });
});
