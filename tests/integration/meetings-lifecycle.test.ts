// The meeting lifecycle (issue 5): scheduling, changes, cancellation, RSVPs, the day-before
// reminder and every move in MEETING_ALLOWED_FROM from every status, allowed or refused, by role.
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { meeting } from "../../db/schema/meetings";
import { notification } from "../../db/schema/notifications";
import { outbox } from "../../db/schema/outbox";
import { meetingCalendar } from "~/models/meetings/calendar.server";
import { meetingReminderDueAt, sendMeetingReminders } from "~/models/meetings/jobs.server";
import {
  getMeeting,
  getMeetingForViewer,
  listAgenda,
  listCoChairs,
  MEETING_ALLOWED_FROM,
  MEETING_STATUSES,
  MeetingConflictError,
  MeetingForbiddenError,
  MeetingNotFoundError,
  MeetingRuleError,
  ownRsvp,
  rsvpCounts,
  scheduleMeeting,
  setRsvp,
  transitionMeeting,
  updateMeeting,
  type MeetingMove,
  type MeetingStatus,
} from "~/models/meetings/meetings.server";
import { londonWallTime } from "~/utils/london-clock";
import { openTestDatabase, resetDatabase } from "../db";
import * as newMeetingPage from "~/routes/meetings.new";
import * as editMeetingPage from "~/routes/meetings.$id.edit";
import * as icsRoute from "~/routes/meetings.$id.ics";
import { auditOf, cookieFor, DAY, emailsTo, HOUR, makeMeetingCast, meetingIn, meetingInput, run, type MeetingCast } from "./meetings-fixtures";

// Most tests start from an empty database; the transition table's 30 cases share one cast (each
// case makes its own meeting), so the database is emptied once for the table.
const emptyDatabase = async () => resetDatabase(await openTestDatabase());
beforeAll(emptyDatabase);

const MOVES: Record<MeetingMove["kind"], MeetingMove> = {
  "mark-held": { kind: "mark-held" },
  "start-minutes": { kind: "start-minutes" },
  "open-review": { kind: "open-review" },
  publish: { kind: "publish", early: true },
  cancel: { kind: "cancel", reason: "The venue closed." },
};

describe("scheduling", () => {
  beforeEach(emptyDatabase);
  it("a moderator schedules a meeting: agenda in order, co-chairs, audit, and an email to each member of the forum", async () => {
    const cast = await makeMeetingCast();
    const now = new Date("2026-06-01T10:00:00Z");
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date("2026-06-10T17:30:00Z"), { coChairIds: [cast.alice.id, cast.moderator.id] }), forumId: cast.forum.id }, now);
    expect(m.status).toBe("scheduled");
    expect((await listAgenda(m.id)).map((a) => [a.position, a.title])).toEqual([
      [1, "Welcome and introductions"],
      [2, "Being told when a case is closed"],
      [3, "Support at court"],
    ]);
    expect((await listCoChairs(m.id)).map((c) => c.id).sort()).toEqual([cast.alice.id, cast.moderator.id].sort());
    const entries = await auditOf(m.id);
    expect(entries.map((e) => e.action)).toEqual(["meeting.schedule"]);
    expect(entries[0].actorId).toBe(cast.moderator.id);
    for (const member of [cast.alice, cast.bob, cast.carol]) {
      const [mail] = await emailsTo(member.email, "meeting");
      expect(mail.subject).toBe("Meeting scheduled: Quarterly forum meeting");
      // London time with its zone, and never the online link in an email.
      expect(mail.text).toContain("Wednesday 10 June 2026, 18:30 BST to 20:30 BST");
      expect(mail.text).not.toContain("meet.example.org");
    }
    expect(await emailsTo(cast.outsider.email)).toHaveLength(0);
    expect(await emailsTo(cast.moderator.email)).toHaveLength(0);
  });

  it("members, responders and signed-in non-moderators cannot schedule", async () => {
    const cast = await makeMeetingCast();
    for (const who of [cast.alice, cast.met, cast.mopac]) {
      await expect(scheduleMeeting(who, { ...meetingInput(new Date(Date.now() + 5 * DAY)), forumId: cast.forum.id })).rejects.toBeInstanceOf(MeetingForbiddenError);
    }
    expect(await db().select().from(meeting)).toHaveLength(0);
    const byAdmin = await scheduleMeeting(cast.admin, { ...meetingInput(new Date(Date.now() + 5 * DAY)), forumId: cast.forum.id });
    expect(byAdmin.status).toBe("scheduled");
  });

  it("co-chairs must be members of the forum or moderators", async () => {
    const cast = await makeMeetingCast();
    await expect(
      scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 5 * DAY), { coChairIds: [cast.outsider.id] }), forumId: cast.forum.id }),
    ).rejects.toThrow(MeetingRuleError);
    const ok = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 5 * DAY), { coChairIds: [cast.moderator2.id, cast.bob.id] }), forumId: cast.forum.id });
    expect(await listCoChairs(ok.id)).toHaveLength(2);
  });

  it("a change of time is emailed, resets the day-before reminder and keeps the agenda items' identity", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 5 * DAY)), forumId: cast.forum.id });
    await db().update(meeting).set({ reminderSentAt: new Date() }).where(eq(meeting.id, m.id));
    const [first, second] = await listAgenda(m.id);
    const later = new Date(Date.now() + 6 * DAY);
    const updated = await updateMeeting(cast.moderator, {
      ...meetingInput(later, { agenda: [{ id: second.id, title: "Being told when a case is closed", notes: "" }, { id: first.id, title: "Welcome", notes: "" }, { title: "Any other business", notes: "" }] }),
      meetingId: m.id,
      version: m.version,
    });
    expect(updated.version).toBe(m.version + 1);
    expect(updated.reminderSentAt).toBeNull();
    const agenda = await listAgenda(m.id);
    expect(agenda.map((a) => a.id).slice(0, 2)).toEqual([second.id, first.id]);
    expect(agenda.map((a) => a.title)).toEqual(["Being told when a case is closed", "Welcome", "Any other business"]);
    const changed = (await emailsTo(cast.bob.email, "meeting")).filter((e) => e.subject.startsWith("Meeting changed"));
    expect(changed).toHaveLength(1);
    expect(changed[0].text).toContain("(time)");
    // An edit made on a stale form is refused rather than overwriting the newer one.
    await expect(updateMeeting(cast.moderator, { ...meetingInput(later), meetingId: m.id, version: m.version })).rejects.toBeInstanceOf(MeetingConflictError);
    expect((await auditOf(m.id)).map((e) => e.action)).toEqual(["meeting.schedule", "meeting.update"]);
  });

  it("a held meeting cannot be edited", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "held");
    const row = await getMeeting(m.id);
    await expect(updateMeeting(cast.moderator, { ...meetingInput(m.startsAt), meetingId: m.id, version: row!.version })).rejects.toBeInstanceOf(MeetingConflictError);
  });
});

describe("the transition table", () => {
  let shared: MeetingCast;
  beforeAll(async () => {
    await emptyDatabase();
    shared = await makeMeetingCast();
  });
  const table = (Object.keys(MEETING_ALLOWED_FROM) as MeetingMove["kind"][]).flatMap((kind) =>
    MEETING_STATUSES.map((from) => ({ kind, from, allowed: MEETING_ALLOWED_FROM[kind].includes(from) })),
  );

  it.each(table)("$kind from $from: allowed=$allowed", async ({ kind, from, allowed }) => {
    const cast = shared;
    const m = await meetingIn(cast, from as MeetingStatus);
    const auditBefore = (await auditOf(m.id)).length;
    const attempt = transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: MOVES[kind] });
    if (!allowed) {
      await expect(attempt).rejects.toBeInstanceOf(MeetingConflictError);
      expect((await getMeeting(m.id))!.status).toBe(from);
      expect(await auditOf(m.id)).toHaveLength(auditBefore);
      return;
    }
    const after = await attempt;
    const entries = await auditOf(m.id);
    expect(entries).toHaveLength(auditBefore + 1);
    expect(entries.at(-1)).toMatchObject({ action: `meeting.${kind}`, actorId: cast.moderator.id, details: { from, to: after.status } });
  });

  it.each(["mark-held", "start-minutes", "open-review", "publish", "cancel"] as const)("%s is refused to members and responders, allowed to admins", async (kind) => {
    const from = MEETING_ALLOWED_FROM[kind][0];
    const cast = shared;
    const m = await meetingIn(cast, from);
    for (const who of [cast.alice, cast.met, cast.mopac]) {
      await expect(transitionMeeting({ meetingId: m.id, actor: who, move: MOVES[kind] })).rejects.toBeInstanceOf(MeetingForbiddenError);
    }
    expect((await getMeeting(m.id))!.status).toBe(from);
    await transitionMeeting({ meetingId: m.id, actor: cast.admin, move: MOVES[kind] });
    expect((await getMeeting(m.id))!.status).not.toBe(from);
  });

  it("two moderators deciding at once: one move wins, the other is refused", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-review");
    const results = await Promise.allSettled([
      transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } }),
      transitionMeeting({ meetingId: m.id, actor: cast.moderator2, move: { kind: "publish", early: true } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(MeetingConflictError)]);
    expect((await auditOf(m.id)).filter((e) => e.action === "meeting.publish")).toHaveLength(1);
  });

  it("guards: held only once started, review needs attendance, publishing early needs confirmation, cancelling needs a reason", async () => {
    const cast = await makeMeetingCast();
    const future = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 3 * DAY)), forumId: cast.forum.id });
    await expect(transitionMeeting({ meetingId: future.id, actor: cast.moderator, move: { kind: "mark-held" } })).rejects.toThrow("once it has started");
    await expect(transitionMeeting({ meetingId: future.id, actor: cast.moderator, move: { kind: "cancel", reason: "  " } })).rejects.toBeInstanceOf(MeetingRuleError);

    const past = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() - 3 * HOUR)), forumId: cast.forum.id });
    await transitionMeeting({ meetingId: past.id, actor: cast.moderator, move: { kind: "mark-held" } });
    await transitionMeeting({ meetingId: past.id, actor: cast.moderator, move: { kind: "start-minutes" } });
    await expect(transitionMeeting({ meetingId: past.id, actor: cast.moderator, move: { kind: "open-review" } })).rejects.toThrow("Record the attendance");

    const review = await meetingIn(cast, "minutes-review");
    await expect(transitionMeeting({ meetingId: review.id, actor: cast.moderator, move: { kind: "publish" } })).rejects.toBeInstanceOf(MeetingRuleError);
    const row = await getMeeting(review.id);
    // After the review period, no confirmation is needed.
    const published = await transitionMeeting({ meetingId: review.id, actor: cast.moderator, move: { kind: "publish" }, now: new Date(row!.reviewClosesAt!.getTime() + 1) });
    expect(published.status).toBe("minutes-published");
  });

  it("opening the review emails those who attended (marked present or going) and closes at the end of the 7th London day", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft", { now: new Date("2026-10-20T12:00:00Z"), startsAt: new Date("2026-10-19T17:00:00Z") });
    const opened = await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "open-review" }, now: new Date("2026-10-20T12:00:00Z") });
    // 7 days after 20 October is 27 October, after the clocks went back: 23:59:59.999 GMT.
    expect(opened.reviewClosesAt!.toISOString()).toBe("2026-10-27T23:59:59.999Z");
    for (const who of [cast.alice, cast.bob, cast.carol]) expect(await emailsTo(who.email, "minutes-review")).toHaveLength(1);
    expect(await emailsTo(cast.moderator.email, "minutes-review")).toHaveLength(0);
  });

  it("cancelling tells the forum's members, with the reason", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 3 * DAY)), forumId: cast.forum.id });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "cancel", reason: "The venue is closed for repairs." } });
    const [mail] = (await emailsTo(cast.carol.email, "meeting")).filter((e) => e.subject.startsWith("Meeting cancelled"));
    expect(mail.text).toContain("The venue is closed for repairs.");
    const [entry] = (await auditOf(m.id)).filter((e) => e.action === "meeting.cancel");
    expect(entry.reason).toBe("The venue is closed for repairs.");
  });
});

describe("RSVPs", () => {
  beforeEach(emptyDatabase);
  it("members of the forum answer and change their answer; moderators see counts", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 3 * DAY)), forumId: cast.forum.id });
    await setRsvp({ meetingId: m.id, actor: cast.alice, response: "going" });
    await setRsvp({ meetingId: m.id, actor: cast.bob, response: "maybe" });
    await setRsvp({ meetingId: m.id, actor: cast.bob, response: "not-going" });
    expect(await ownRsvp(m.id, cast.bob.id)).toBe("not-going");
    expect(await rsvpCounts(m.id)).toEqual({ going: 1, maybe: 0, notGoing: 1 });
  });

  it("refused to people outside the forum, after the meeting ended and when it is cancelled", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 3 * DAY)), forumId: cast.forum.id });
    await expect(setRsvp({ meetingId: m.id, actor: cast.outsider, response: "going" })).rejects.toBeInstanceOf(MeetingNotFoundError);
    await expect(setRsvp({ meetingId: m.id, actor: cast.met, response: "going" })).rejects.toBeInstanceOf(MeetingNotFoundError);
    await expect(setRsvp({ meetingId: m.id, actor: cast.alice, response: "going", now: new Date(Date.now() + 4 * DAY) })).rejects.toThrow("has ended");
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "cancel", reason: "Sorry." } });
    await expect(setRsvp({ meetingId: m.id, actor: cast.alice, response: "going" })).rejects.toBeInstanceOf(MeetingConflictError);
    expect(await rsvpCounts(m.id)).toEqual({ going: 0, maybe: 0, notGoing: 0 });
  });
});

describe("who sees a meeting", () => {
  beforeEach(emptyDatabase);
  it("members of the forum and staff see it; outsiders and the public only once its minutes are published in a public forum", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-review");
    expect(await getMeetingForViewer(m.id, null)).toBeNull();
    expect(await getMeetingForViewer(m.id, cast.outsider)).toBeNull();
    const asMember = await getMeetingForViewer(m.id, cast.alice);
    expect(asMember?.access).toMatchObject({ isForumMember: true, canSeeLink: true, isAttendee: true, canComment: true, canManage: false });
    const asMet = await getMeetingForViewer(m.id, cast.met);
    expect(asMet?.access).toMatchObject({ isForumMember: false, canSeeLink: false, canComment: false, canManage: false });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } });
    const asPublic = await getMeetingForViewer(m.id, null);
    expect(asPublic?.access).toMatchObject({ canSeeLink: false, canReadMinutes: true, canComment: false, canConsent: false });
    const { forum } = await import("../../db/schema/forums");
    await db().update(forum).set({ minutesPublic: false }).where(eq(forum.id, cast.forum.id));
    expect(await getMeetingForViewer(m.id, null)).toBeNull();
    expect(await getMeetingForViewer(m.id, cast.outsider)).toBeNull();
    expect(await getMeetingForViewer(m.id, cast.bob)).not.toBeNull();
  });
});

describe("the day-before reminder", () => {
  beforeEach(emptyDatabase);
  it("goes from 09:00 London time the day before, to those going only, once, however many processes run it", async () => {
    const cast = await makeMeetingCast();
    // Monday 30 March 2026, 18:00 BST: the day before is Sunday 29 March, when the clocks go forward.
    const startsAt = londonWallTime("2026-03-30", "18:00")!;
    expect(meetingReminderDueAt(startsAt).toISOString()).toBe("2026-03-29T08:00:00.000Z");
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(startsAt), forumId: cast.forum.id }, new Date("2026-03-20T10:00:00Z"));
    await setRsvp({ meetingId: m.id, actor: cast.alice, response: "going", now: new Date("2026-03-21T10:00:00Z") });
    await setRsvp({ meetingId: m.id, actor: cast.bob, response: "maybe", now: new Date("2026-03-21T10:00:00Z") });

    expect(await sendMeetingReminders(new Date("2026-03-29T07:59:00Z"))).toBe(0);
    const at = new Date("2026-03-29T08:01:00Z");
    const results = await Promise.all([sendMeetingReminders(at), sendMeetingReminders(at), sendMeetingReminders(at)]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sendMeetingReminders(new Date("2026-03-29T12:00:00Z"))).toBe(0);
    const reminders = await emailsTo(cast.alice.email, "meeting-tomorrow");
    expect(reminders).toHaveLength(1);
    expect(reminders[0].text).toContain("Monday 30 March 2026, 18:00 BST");
    expect(await emailsTo(cast.bob.email, "meeting-tomorrow")).toHaveLength(0);
    const inSite = await db()
      .select()
      .from(notification)
      .where(and(eq(notification.userId, cast.alice.id), eq(notification.kind, "meeting-tomorrow")));
    expect(inSite).toHaveLength(1);
  });

  it("is not sent for a cancelled meeting", async () => {
    const cast = await makeMeetingCast();
    const startsAt = new Date("2026-07-02T17:00:00Z");
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(startsAt), forumId: cast.forum.id }, new Date("2026-06-20T10:00:00Z"));
    await setRsvp({ meetingId: m.id, actor: cast.alice, response: "going", now: new Date("2026-06-21T10:00:00Z") });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "cancel", reason: "Sorry." }, now: new Date("2026-06-22T10:00:00Z") });
    expect(await sendMeetingReminders(new Date("2026-07-01T10:00:00Z"))).toBe(0);
    expect(await db().select().from(outbox).where(eq(outbox.kind, "meeting-tomorrow"))).toHaveLength(0);
  });
});

describe("the calendar file", () => {
  beforeEach(emptyDatabase);
  it("is valid iCalendar in UTC, with the online link only for those allowed to see it", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(londonWallTime("2026-11-03", "18:30")!), forumId: cast.forum.id });
    const row = (await getMeeting(m.id))!;
    const forMember = meetingCalendar(row, { includeOnlineLink: true, agendaTitles: ["Welcome"] });
    expect(forMember).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(forMember).toContain("DTSTART:20261103T183000Z");
    expect(forMember).toContain(`UID:meeting-${m.id}@victim-voice-forum`);
    expect(forMember.replace(/\r\n /g, "")).toContain("https://meet.example.org/vvf-quarterly");
    const forOthers = meetingCalendar(row, { includeOnlineLink: false, agendaTitles: [] });
    expect(forOthers.replace(/\r\n /g, "")).not.toContain("meet.example.org");
  });
});

describe("London wall-clock times", () => {
  it("skips the hour the clocks go forward and takes the first of the hour that repeats", () => {
    expect(londonWallTime("2026-03-29", "01:30")).toBeNull();
    expect(londonWallTime("2026-03-29", "02:30")!.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(londonWallTime("2026-10-25", "01:30")!.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(londonWallTime("2026-10-25", "02:30")!.toISOString()).toBe("2026-10-25T02:30:00.000Z");
    expect(londonWallTime("2026-01-15", "18:00")!.toISOString()).toBe("2026-01-15T18:00:00.000Z");
    expect(londonWallTime("2026-07-15", "18:00")!.toISOString()).toBe("2026-07-15T17:00:00.000Z");
  });
});

describe("through the pages", () => {
  beforeEach(emptyDatabase);

  const year = new Date().getUTCFullYear() + 1;
  // The last Sunday of March next year: the clocks go forward at 01:00 GMT.
  const springForward = 31 - new Date(Date.UTC(year, 2, 31)).getUTCDay();
  const form = (overrides: Record<string, string> = {}) => ({
    title: "Meeting about letters",
    dateDay: "15",
    dateMonth: "4",
    dateYear: String(year),
    startTime: "18:30",
    endTime: "20:00",
    place: "City Hall",
    onlineUrl: "",
    "agenda[0].title": "Welcome",
    "agenda[0].notes": "",
    "agenda[1].title": "",
    "agenda[1].notes": "",
    ...overrides,
  });

  it("the schedule form reports every problem at once, keeps what was typed, and schedules in London time", async () => {
    const cast = await makeMeetingCast();
    const cookie = await cookieFor(cast.made.moderator);
    const empty = await run(newMeetingPage.action, "/meetings/new", { cookie, form: { forumId: cast.forum.id, title: "", "agenda[0].title": "" } });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.data.result.error).sort()).toEqual(["agenda", "date", "endTime", "place", "startTime", "title"]);
    const skipped = await run(newMeetingPage.action, "/meetings/new", { cookie, form: { forumId: cast.forum.id, ...form({ dateDay: String(springForward), dateMonth: "3", startTime: "01:30" }) } });
    expect(skipped.status).toBe(400);
    expect(skipped.data.result.error.startTime[0]).toContain("clocks go forward");
    expect(skipped.data.result.initialValue.title).toBe("Meeting about letters");
    const made = await run(newMeetingPage.action, "/meetings/new", { cookie, form: { forumId: cast.forum.id, ...form() } });
    expect(made.status).toBe(302);
    const id = made.headers.get("location")!.match(/\/meetings\/([0-9a-f-]{36})/)![1];
    const row = (await getMeeting(id))!;
    // 15 April is in BST: 18:30 in London is 17:30 UTC.
    expect(row.startsAt.toISOString()).toBe(`${year}-04-15T17:30:00.000Z`);
    expect((await listAgenda(id)).map((a) => a.title)).toEqual(["Welcome"]);
    const asMember = await run(newMeetingPage.action, "/meetings/new", { cookie: await cookieFor(cast.made.alice), form: { forumId: cast.forum.id, ...form() } });
    expect(asMember.status).toBe(403);
  });

  it("an edit made on a page someone else changed meanwhile is refused with 409", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 5 * DAY)), forumId: cast.forum.id });
    const cookie = await cookieFor(cast.made.moderator);
    const first = await run(editMeetingPage.action, `/meetings/${m.id}/edit`, { cookie, params: { id: m.id }, form: { ...form({ title: "First change" }), version: String(m.version) } });
    expect(first.status).toBe(302);
    const second = await run(editMeetingPage.action, `/meetings/${m.id}/edit`, { cookie, params: { id: m.id }, form: { ...form({ title: "Second change" }), version: String(m.version) } });
    expect(second.status).toBe(409);
    expect((await getMeeting(m.id))!.title).toBe("First change");
  });

  it("the calendar file is for the forum's members and staff; the link only for members", async () => {
    const cast = await makeMeetingCast();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(Date.now() + 5 * DAY)), forumId: cast.forum.id });
    const asAlice = await run(icsRoute.loader, `/meetings/${m.id}/ics`, { cookie: await cookieFor(cast.made.alice), params: { id: m.id } });
    expect(asAlice.status).toBe(200);
    expect(asAlice.headers.get("content-type")).toContain("text/calendar");
    expect(asAlice.text.replace(/\r\n /g, "")).toContain("https://meet.example.org/vvf-quarterly");
    const asMet = await run(icsRoute.loader, `/meetings/${m.id}/ics`, { cookie: await cookieFor(cast.made.met), params: { id: m.id } });
    expect(asMet.status).toBe(200);
    expect(asMet.text.replace(/\r\n /g, "")).not.toContain("meet.example.org");
    const asOutsider = await run(icsRoute.loader, `/meetings/${m.id}/ics`, { cookie: await cookieFor(cast.made.outsider), params: { id: m.id } });
    expect(asOutsider.status).toBe(404);
    const signedOut = await run(icsRoute.loader, `/meetings/${m.id}/ics`, { params: { id: m.id } });
    expect(signedOut.status).toBe(302);
  });
});
