// Demo meetings, made through the same model functions the pages use: an upcoming meeting with
// answers, a past meeting whose draft minutes are in review (with a comment), and one with
// published minutes — a member named with consent, another quoted as "a member" — and three
// actions: one done, one in progress and one overdue, with the Met's official response to the
// meeting and MOPAC's to its action. Call after the demo people and forums.
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { user } from "./schema/auth";
import { forum } from "./schema/forums";
import { updateActionItem } from "../app/models/actions/action-items.server";
import { listAgenda, recordAttendance, scheduleMeeting, setRsvp, transitionMeeting, type MeetingInput } from "../app/models/meetings/meetings.server";
import { addLondonDays as addDaysIso, londonDate as londonDateOf, londonWallTime } from "../app/utils/london-clock";
import { publishActionResponse, publishMeetingResponse } from "../app/models/responses/official-responses.server";
import { addMeetingAction, addQuote, addReviewComment, saveAgendaMinutes, setNamingConsent } from "../app/models/meetings/minutes.server";
import type { CurrentUser } from "../app/services/session.server";
import type { Organisation, Role } from "../app/utils/permissions";
import { DAY, HOUR } from "../app/utils/time";


const wallTime = (date: string, time: string) => londonWallTime(date, time)!;

export async function seedDemoMeetings(db: Db, now = new Date()) {
  const people = await db.select().from(user);
  const byEmail = (email: string): CurrentUser => {
    const u = people.find((p) => p.email === email);
    if (!u) throw new Error(`demo person ${email} missing`);
    return { id: u.id, name: u.name, email: u.email, role: u.role as Role, organisation: u.organisation as Organisation | null };
  };
  const [london] = await db.select().from(forum).where(eq(forum.slug, "london"));
  const [black] = await db.select().from(forum).where(eq(forum.slug, "black-communities"));
  if (!london || !black) throw new Error("demo forums missing");
  const mod = byEmail("moderator1@demo.vvf.test");
  const met = byEmail("met@demo.vvf.test");
  const mopac = byEmail("mopac@demo.vvf.test");
  const m = (n: number) => byEmail(`member${n}@demo.vvf.test`);
  const today = londonDateOf(now);
  /** A meeting `days` from today (negative: in the past), 18:00–20:00 London time. */
  const at = (days: number, input: Omit<MeetingInput, "startsAt" | "endsAt">): MeetingInput => ({
    ...input,
    startsAt: wallTime(addDaysIso(today, days), "18:00"),
    endsAt: wallTime(addDaysIso(today, days), "20:00"),
  });
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  // 1. Upcoming, with answers. Members were emailed when it was scheduled.
  const upcoming = await scheduleMeeting(
    mod,
    {
      ...at(12, {
        title: "Forum meeting: how victims are kept informed",
        description: "The Met's victim care lead joins us to hear how updates on cases reach victims, and what should change.",
        place: "City Hall, Committee Room 4, Kamal Chunchie Way, London E16",
        onlineUrl: "https://meet.example.org/vvf-london-demo",
        agenda: [
          { title: "Welcome and ground rules", notes: "" },
          { title: "Being told when a case is closed", notes: "Follow-up from last quarter's actions" },
          { title: "Updates by text message: what works", notes: "" },
          { title: "Any other business", notes: "" },
        ],
        coChairIds: [m(2).id, mod.id],
      }),
      forumId: london.id,
    },
    ago(3),
  );
  await setRsvp({ meetingId: upcoming.id, actor: m(1), response: "going", now: ago(2) });
  await setRsvp({ meetingId: upcoming.id, actor: m(2), response: "going", now: ago(2) });
  await setRsvp({ meetingId: upcoming.id, actor: m(3), response: "maybe", now: ago(2) });
  await setRsvp({ meetingId: upcoming.id, actor: m(5), response: "not-going", now: ago(1) });

  // 2. Held ten days ago; the draft minutes are with the members who attended.
  const review = await scheduleMeeting(
    mod,
    {
      ...at(-10, {
        title: "Forum meeting: support at court",
        description: "What happens to victims at court, and what the Met and MOPAC can change.",
        place: "City Hall, Committee Room 2",
        onlineUrl: null,
        agenda: [
          { title: "Waiting areas at court", notes: "" },
          { title: "Special measures", notes: "" },
        ],
        coChairIds: [mod.id],
      }),
      forumId: london.id,
    },
    ago(25),
  );
  for (const n of [4, 6]) await setRsvp({ meetingId: review.id, actor: m(n), response: "going", now: ago(20) });
  await transitionMeeting({ meetingId: review.id, actor: mod, move: { kind: "mark-held" }, now: ago(9) });
  await recordAttendance(mod, { meetingId: review.id, counts: { members: 5, met: 1, mopac: 1, facilitators: 2, others: 1 }, presentIds: [m(4).id, m(6).id, m(8).id], now: ago(9) });
  await transitionMeeting({ meetingId: review.id, actor: mod, move: { kind: "start-minutes" }, now: ago(8) });
  const [waiting, measures] = await listAgenda(review.id);
  await saveAgendaMinutes(mod, {
    meetingId: review.id,
    agendaItemId: waiting.id,
    summary: "Members described sharing **waiting areas** with defendants and their families. The Met explained that separate waiting rooms are the court service's responsibility but agreed to raise it.",
    decisions: "- The facilitators will invite the court service to the next meeting.",
    now: ago(8),
  });
  await addQuote(mod, { meetingId: review.id, agendaItemId: waiting.id, memberId: m(4).id, text: "I sat ten feet from him for four hours.", now: ago(8) });
  await saveAgendaMinutes(mod, { meetingId: review.id, agendaItemId: measures.id, summary: "Few members had been offered screens or a video link.", decisions: "", now: ago(8) });
  await addMeetingAction(mod, { meetingId: review.id, agendaItemId: waiting.id, title: "Invite the court service to the next forum meeting", details: "", organisation: "facilitator", dueDate: addDaysIso(today, 30), now: ago(8) });
  // Opened yesterday, so the review period (7 days) is still running.
  await transitionMeeting({ meetingId: review.id, actor: mod, move: { kind: "open-review" }, now: ago(1) });
  await addReviewComment({ meetingId: review.id, agendaItemId: measures.id, actor: m(6), body: "I was offered screens, but only on the morning of the trial.", now: new Date(now.getTime() - 2 * HOUR) });

  // 3. Published minutes with actions: one done, one in progress, one overdue.
  const published = await scheduleMeeting(
    mod,
    {
      ...at(-70, {
        title: "Forum meeting: being told when a case is closed",
        description: "",
        place: "Brixton Library, Meeting Room",
        onlineUrl: "https://meet.example.org/vvf-black-communities-demo",
        agenda: [
          { title: "Letters when a case is closed", notes: "" },
          { title: "A named contact for every victim", notes: "" },
        ],
        coChairIds: [m(9).id, mod.id],
      }),
      forumId: black.id,
    },
    ago(90),
  );
  for (const n of [9, 10, 11]) await setRsvp({ meetingId: published.id, actor: m(n), response: "going", now: ago(80) });
  await transitionMeeting({ meetingId: published.id, actor: mod, move: { kind: "mark-held" }, now: ago(69) });
  await recordAttendance(mod, { meetingId: published.id, counts: { members: 6, met: 2, mopac: 1, facilitators: 2, others: 0 }, presentIds: [m(7).id, m(9).id, m(10).id, m(11).id], now: ago(69) });
  await transitionMeeting({ meetingId: published.id, actor: mod, move: { kind: "start-minutes" }, now: ago(68) });
  const [letters, contact] = await listAgenda(published.id);
  await saveAgendaMinutes(mod, {
    meetingId: published.id,
    agendaItemId: letters.id,
    summary: "Most members had learnt that their case was closed only by chasing it. Letters, when they came, gave no reason and no one to contact.",
    decisions: "- The Met will send every closure letter with a named contact.\n- MOPAC will report how many victims are told within five working days.",
    now: ago(68),
  });
  await addQuote(mod, { meetingId: published.id, agendaItemId: letters.id, memberId: m(9).id, text: "A letter with no name on it is not an update, it is a door closing.", now: ago(68) });
  await addQuote(mod, { meetingId: published.id, agendaItemId: letters.id, memberId: m(10).id, text: "I rang three times before anyone told me.", now: ago(67.99) });
  await saveAgendaMinutes(mod, { meetingId: published.id, agendaItemId: contact.id, summary: "Members asked for one person to call, who knows their case.", decisions: "", now: ago(68) });
  const done = await addMeetingAction(mod, { meetingId: published.id, agendaItemId: letters.id, title: "Send every closure letter with a named contact", details: "Including a direct phone number and email address.", organisation: "met", dueDate: addDaysIso(today, -20), now: ago(68) });
  const inProgress = await addMeetingAction(mod, { meetingId: published.id, agendaItemId: letters.id, title: "Report each month how many victims are told within five working days", details: "", organisation: "mopac", dueDate: addDaysIso(today, 40), now: ago(68) });
  const overdue = await addMeetingAction(mod, { meetingId: published.id, agendaItemId: contact.id, title: "Give every victim of a violent crime a named officer to call", details: "", organisation: "met", dueDate: addDaysIso(today, -6), now: ago(68) });
  await transitionMeeting({ meetingId: published.id, actor: mod, move: { kind: "open-review" }, now: ago(66) });
  await setNamingConsent({ meetingId: published.id, actor: m(9), consent: true, now: ago(64) });
  await transitionMeeting({ meetingId: published.id, actor: mod, move: { kind: "publish" }, now: ago(58) });
  await updateActionItem({ actionItemId: done.id, actor: met, move: { kind: "start", note: "The letter template is being rewritten with the victims' commissioner." }, now: ago(50) });
  await updateActionItem({
    actionItemId: done.id,
    actor: met,
    move: { kind: "complete", evidence: "https://www.example.org/met/closure-letter-template", note: "Every closure letter now names the officer in the case and how to reach them." },
    now: ago(25),
  });
  await updateActionItem({ actionItemId: inProgress.id, actor: mopac, move: { kind: "start", note: "The first monthly figures will cover last quarter." }, now: ago(30) });
  await updateActionItem({ actionItemId: overdue.id, actor: met, move: { kind: "note", note: "We are checking how many officers this would need." }, now: ago(15) });
  await publishMeetingResponse(
    met,
    {
      meetingId: published.id,
      responderTitle: "Reform lead, Victim Care",
      body: "Thank you for a frank meeting. From next month every closure letter will name the officer in the case and say how to reach them, and we will report back to the forum on how many victims were told within five working days.",
    },
    ago(55),
  );
  // Agreed at the meeting (68 days ago), public with the minutes (58), started (30), answered (28).
  await publishActionResponse(
    mopac,
    {
      actionId: inProgress.id,
      responderTitle: "Head of Victims and Witnesses, MOPAC",
      body: "We will publish these figures every month on our victims' dashboard, broken down by borough, and bring the first quarter's to the next forum meeting.",
    },
    ago(28),
  );
  return { upcoming, review, published };
}
