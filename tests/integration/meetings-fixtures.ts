// Builders for the meetings and actions tests: a cast in every role, meetings brought to any
// status through the same model functions the pages use, and a way to call route loaders and
// actions as Remix does (with a real session cookie).
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { outbox } from "../../db/schema/outbox";
import { addMeetingAction } from "~/models/meetings/minutes.server";
import { recordAttendance, scheduleMeeting, setRsvp, transitionMeeting, type MeetingInput, type MeetingStatus } from "~/models/meetings/meetings.server";
import type { ActionOrganisation } from "~/models/actions/action-items.server";
import { asCurrentUser, makeForum, makeUser, type MadeUser } from "../factories";
import { DAY, HOUR } from "~/utils/time";

let n = 0;
const unique = (label: string) => `${label} ${++n}${Math.random().toString(36).slice(2, 5)}`.replace(/\d/g, (d) => "abcdefghij"[Number(d)]);

export async function makeMeetingCast() {
  const q = db();
  const forum = await makeForum(q, { name: unique("Forum") });
  const otherForum = await makeForum(q, { name: unique("Other forum") });
  const made = {
    moderator: await makeUser(q, { name: unique("Moderator"), role: "moderator", forumIds: [forum.id] }),
    moderator2: await makeUser(q, { name: unique("Second moderator"), role: "moderator" }),
    admin: await makeUser(q, { name: unique("Admin"), role: "admin" }),
    alice: await makeUser(q, { name: unique("Alice Heron"), forumIds: [forum.id] }),
    bob: await makeUser(q, { name: unique("Bob Lantern"), forumIds: [forum.id] }),
    carol: await makeUser(q, { name: unique("Carol Birch"), forumIds: [forum.id] }),
    outsider: await makeUser(q, { name: unique("Outsider"), forumIds: [otherForum.id] }),
    met: await makeUser(q, { name: unique("Met lead"), role: "responder", organisation: "met" }),
    met2: await makeUser(q, { name: unique("Second Met lead"), role: "responder", organisation: "met" }),
    mopac: await makeUser(q, { name: unique("MOPAC officer"), role: "responder", organisation: "mopac" }),
  } satisfies Record<string, MadeUser>;
  const people = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, asCurrentUser(v)])) as { [K in keyof typeof made]: ReturnType<typeof asCurrentUser> };
  return { forum, otherForum, made, ...people };
}
export type MeetingCast = Awaited<ReturnType<typeof makeMeetingCast>>;

export { DAY, HOUR };

/** A schedule form's output: a meeting from `startsAt` lasting two hours. */
export function meetingInput(startsAt: Date, overrides: Partial<MeetingInput> = {}): MeetingInput {
  return {
    title: "Quarterly forum meeting",
    description: "We meet the Met's victim care lead.",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * HOUR),
    place: "City Hall, Committee Room 4",
    onlineUrl: "https://meet.example.org/vvf-quarterly",
    agenda: [
      { title: "Welcome and introductions", notes: "" },
      { title: "Being told when a case is closed", notes: "The Met's new letters" },
      { title: "Support at court", notes: "" },
    ],
    coChairIds: [],
    ...overrides,
  };
}

const ORDER: MeetingStatus[] = ["scheduled", "held", "minutes-draft", "minutes-review", "minutes-published"];

/**
 * A meeting of the cast's forum brought to `status`. It starts at `startsAt` (default: two days
 * before `now`); Alice and Bob answered "going" beforehand, Carol was marked present.
 */
export async function meetingIn(
  cast: MeetingCast,
  status: MeetingStatus,
  options: { now?: Date; startsAt?: Date; actions?: { title: string; organisation: ActionOrganisation; dueDate: string }[] } = {},
) {
  const now = options.now ?? new Date();
  const startsAt = options.startsAt ?? new Date(now.getTime() - 2 * DAY);
  const before = new Date(startsAt.getTime() - DAY);
  const m = await scheduleMeeting(cast.moderator, { ...meetingInput(startsAt), forumId: cast.forum.id }, before);
  await setRsvp({ meetingId: m.id, actor: cast.alice, response: "going", now: before });
  await setRsvp({ meetingId: m.id, actor: cast.bob, response: "going", now: before });
  if (status === "cancelled") {
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "cancel", reason: "The room is not available." }, now: before });
    return m;
  }
  const target = ORDER.indexOf(status);
  const after = new Date(Math.max(now.getTime() - 1000, startsAt.getTime() + 1000));
  if (target >= 1) {
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "mark-held" }, now: after });
    await recordAttendance(cast.moderator, { meetingId: m.id, counts: { members: 3, met: 1, mopac: 1, facilitators: 2, others: 0 }, presentIds: [cast.carol.id], now: after });
  }
  if (target >= 2) await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "start-minutes" }, now: after });
  if (target >= 2 && options.actions?.length) {
    const { listAgenda } = await import("~/models/meetings/meetings.server");
    const [first] = await listAgenda(m.id);
    // Agreed while the minutes were written: dated then, like everything else here.
    for (const a of options.actions) await addMeetingAction(cast.moderator, { meetingId: m.id, agendaItemId: first.id, details: "", ...a, now: after });
  }
  if (target >= 3) await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "open-review" }, now: after });
  if (target >= 4) await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true }, now: after });
  return m;
}

export async function auditOf(targetId: string) {
  return db().select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.id);
}

export async function emailsTo(address: string, kind?: string) {
  return db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.toAddress, address), kind ? eq(outbox.kind, kind) : undefined));
}

// Route modules called as Remix calls them: the helpers live in tests/support/routes.ts.
export { cookieFor, run, type Outcome } from "../support/routes";
