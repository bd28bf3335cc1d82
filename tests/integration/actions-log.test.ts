// Action items and the public action log (issue 5): only the owning organisation's responders
// (or, for the facilitators' actions, moderators) update an action; every move is public and
// audited; attendees hear when an action is done or dropped; overdue is computed in London
// time, right across the clock changes; reminders go once.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { actionItem, actionUpdate } from "../../db/schema/actions";
import { forum } from "../../db/schema/forums";
import {
  ACTION_ALLOWED_FROM,
  ACTION_STATUSES,
  ActionConflictError,
  ActionForbiddenError,
  ActionNotFoundError,
  createActionItem,
  listActionLog,
  listActionUpdates,
  updateActionItem,
  type ActionMove,
  type ActionStatus,
} from "~/models/actions/action-items.server";
import { isActionOverdue } from "~/utils/clocks";
import { actionReminderDueAt, sendActionDueReminders, sendActionOverdueNotices } from "~/models/meetings/jobs.server";
import * as actionsPage from "~/routes/actions._index";
import * as actionPage from "~/routes/actions.$id";
import { openTestDatabase, resetDatabase } from "../db";
import { auditOf, cookieFor, DAY, emailsTo, makeMeetingCast, meetingIn, run, type MeetingCast } from "./meetings-fixtures";

const emptyDatabase = async () => resetDatabase(await openTestDatabase());
beforeAll(emptyDatabase);

const MOVES: Record<ActionMove["kind"], ActionMove> = {
  start: { kind: "start", note: "We have started drafting the letter." },
  note: { kind: "note", note: "The draft letter is with the victims' commissioner." },
  complete: { kind: "complete", evidence: "https://www.met.police.uk/letters", note: "The new letter is in use." },
  drop: { kind: "drop", reason: "The law changed and the letter is no longer needed." },
};

/**
 * A published meeting with one action per organisation, due far in the future. The meeting is
 * held (and its actions agreed) at least 60 days before the due date, so a test may date a
 * move at any time after that: a move dated before the action existed is refused.
 */
async function publishedWithActions(cast: MeetingCast, dueDate = "2099-06-30") {
  const now = new Date(Math.min(Date.now(), Date.parse(`${dueDate}T12:00:00Z`) - 60 * DAY));
  const m = await meetingIn(cast, "minutes-published", {
    now,
    actions: [
      { title: "Send every victim a named contact when a case closes", organisation: "met", dueDate },
      { title: "Report monthly on victims told within 5 working days", organisation: "mopac", dueDate },
      { title: "Arrange a session with the court service", organisation: "facilitator", dueDate },
    ],
  });
  const items = await db().select().from(actionItem).where(eq(actionItem.sourceId, m.id)).orderBy(actionItem.createdAt);
  const by = (org: string) => items.find((i) => i.organisation === org)!;
  return { meeting: m, met: by("met"), mopac: by("mopac"), facilitator: by("facilitator") };
}

/** Brings an action to a status through ordinary moves by its owner. */
async function bringTo(id: string, status: ActionStatus, owner: MeetingCast["met"]) {
  if (status === "open") return;
  if (status === "in-progress") await updateActionItem({ actionItemId: id, actor: owner, move: MOVES.start });
  if (status === "done") await updateActionItem({ actionItemId: id, actor: owner, move: MOVES.complete });
  if (status === "not-doing") await updateActionItem({ actionItemId: id, actor: owner, move: MOVES.drop });
}

describe("who may update an action", () => {
  beforeEach(emptyDatabase);

  it("only the owning organisation's responders; moderators only the facilitators' actions", async () => {
    const cast = await makeMeetingCast();
    const { met, mopac, facilitator } = await publishedWithActions(cast);
    for (const who of [cast.mopac, cast.alice, cast.moderator, cast.admin]) {
      await expect(updateActionItem({ actionItemId: met.id, actor: who, move: MOVES.start })).rejects.toBeInstanceOf(ActionForbiddenError);
    }
    for (const who of [cast.met, cast.met2, cast.alice, cast.moderator]) {
      await expect(updateActionItem({ actionItemId: mopac.id, actor: who, move: MOVES.note })).rejects.toBeInstanceOf(ActionForbiddenError);
    }
    for (const who of [cast.met, cast.mopac, cast.alice]) {
      await expect(updateActionItem({ actionItemId: facilitator.id, actor: who, move: MOVES.note })).rejects.toBeInstanceOf(ActionForbiddenError);
    }
    expect(await db().select().from(actionUpdate)).toHaveLength(0);

    await updateActionItem({ actionItemId: met.id, actor: cast.met2, move: MOVES.start });
    await updateActionItem({ actionItemId: mopac.id, actor: cast.mopac, move: MOVES.note });
    await updateActionItem({ actionItemId: facilitator.id, actor: cast.moderator, move: MOVES.complete });
    const statuses = Object.fromEntries((await db().select().from(actionItem)).map((a) => [a.organisation, a.status]));
    expect(statuses).toEqual({ met: "in-progress", mopac: "open", facilitator: "done" });
  });

  it("the update page refuses another organisation's responder with 403 and changes nothing", async () => {
    const cast = await makeMeetingCast();
    const { met } = await publishedWithActions(cast);
    const asMopac = await run(actionPage.action, `/actions/${met.id}`, { cookie: await cookieFor(cast.made.mopac), params: { id: met.id }, form: { intent: "start" } });
    expect(asMopac.status).toBe(403);
    const asMet = await run(actionPage.action, `/actions/${met.id}`, { cookie: await cookieFor(cast.made.met), params: { id: met.id }, form: { intent: "complete", evidence: "https://www.met.police.uk/letters" } });
    expect(asMet.status).toBe(302);
    expect((await db().select().from(actionItem).where(eq(actionItem.id, met.id)))[0].status).toBe("done");
  });

  it("an action from minutes not yet published cannot be updated (nobody outside has seen it)", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft", { actions: [{ title: "Draft action for the Met", organisation: "met", dueDate: "2099-01-01" }] });
    const [a] = await db().select().from(actionItem).where(eq(actionItem.sourceId, m.id));
    await expect(updateActionItem({ actionItemId: a.id, actor: cast.met, move: MOVES.start })).rejects.toBeInstanceOf(ActionNotFoundError);
  });
});

describe("the transition table", () => {
  let cast: MeetingCast;
  beforeAll(async () => {
    await emptyDatabase();
    cast = await makeMeetingCast();
  });
  const table = (Object.keys(ACTION_ALLOWED_FROM) as ActionMove["kind"][]).flatMap((kind) =>
    ACTION_STATUSES.map((from) => ({ kind, from, allowed: ACTION_ALLOWED_FROM[kind].includes(from) })),
  );

  it.each(table)("$kind from $from: allowed=$allowed", async ({ kind, from, allowed }) => {
    const { met } = await publishedWithActions(cast);
    await bringTo(met.id, from, cast.met);
    const updatesBefore = (await listActionUpdates(met.id)).length;
    const attempt = updateActionItem({ actionItemId: met.id, actor: cast.met, move: MOVES[kind] });
    if (!allowed) {
      await expect(attempt).rejects.toBeInstanceOf(ActionConflictError);
      expect(await listActionUpdates(met.id)).toHaveLength(updatesBefore);
      return;
    }
    const after = await attempt;
    const updates = await listActionUpdates(met.id);
    expect(updates).toHaveLength(updatesBefore + 1);
    expect(updates.at(-1)).toMatchObject({ organisation: "met", statusFrom: from, statusTo: after.status });
    const entries = (await auditOf(met.id)).filter((e) => e.action === `action.${kind}`);
    expect(entries.at(-1)).toMatchObject({ actorId: cast.met.id, details: { from, to: after.status, organisation: "met" } });
    if (kind === "complete") {
      expect(after).toMatchObject({ status: "done", evidence: "https://www.met.police.uk/letters" });
      expect(updates.at(-1)!.note).toContain("Evidence: https://www.met.police.uk/letters");
    }
    if (kind === "drop") expect(after).toMatchObject({ status: "not-doing", statusReason: MOVES.drop.kind === "drop" ? MOVES.drop.reason : "" });
  });

  it("not doing needs a reason and done needs evidence (the form says so)", async () => {
    const { met } = await publishedWithActions(cast);
    const cookie = await cookieFor(cast.made.met);
    const noReason = await run(actionPage.action, `/actions/${met.id}`, { cookie, params: { id: met.id }, form: { intent: "drop", reason: "" } });
    expect(noReason.status).toBe(400);
    expect(noReason.data.result.error.reason[0]).toMatch(/reason/i);
    const noEvidence = await run(actionPage.action, `/actions/${met.id}`, { cookie, params: { id: met.id }, form: { intent: "complete", evidence: "" } });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.data.result.error.evidence[0]).toMatch(/link/i);
    expect((await db().select().from(actionItem).where(eq(actionItem.id, met.id)))[0].status).toBe("open");
  });
});

describe("telling people", () => {
  beforeEach(emptyDatabase);

  it("members who attended hear when an action is done or dropped; not for progress notes", async () => {
    const cast = await makeMeetingCast();
    const { met, mopac } = await publishedWithActions(cast);
    await updateActionItem({ actionItemId: met.id, actor: cast.met, move: MOVES.start });
    expect(await emailsTo(cast.alice.email, "action-outcome")).toHaveLength(0);
    await updateActionItem({ actionItemId: met.id, actor: cast.met, move: MOVES.complete });
    await updateActionItem({ actionItemId: mopac.id, actor: cast.mopac, move: MOVES.drop });
    for (const who of [cast.alice, cast.bob, cast.carol]) {
      const mails = await emailsTo(who.email, "action-outcome");
      expect(mails.map((m) => m.subject).sort()).toEqual(["An action from your meeting is done", "An action from your meeting will not be done"]);
    }
    expect(await emailsTo(cast.outsider.email, "action-outcome")).toHaveLength(0);
  });

  it("owners are reminded 7 London days before the due date, once, and told once when it is overdue", async () => {
    const cast = await makeMeetingCast();
    const { met, facilitator } = await publishedWithActions(cast, "2026-04-02");
    // 7 days before 2 April 2026 is 26 March (GMT, before the clocks change on 29 March).
    expect(actionReminderDueAt(met.dueAt).toISOString()).toBe("2026-03-26T09:00:00.000Z");
    expect(await sendActionDueReminders(new Date("2026-03-26T08:59:00Z"))).toBe(0);
    const at = new Date("2026-03-26T09:00:00Z");
    const sent = await Promise.all([sendActionDueReminders(at), sendActionDueReminders(at)]);
    expect(sent[0] + sent[1]).toBe(3);
    expect(await sendActionDueReminders(new Date("2026-03-27T09:00:00Z"))).toBe(0);
    expect((await emailsTo(cast.met.email, "action-due")).length).toBe(1);
    expect((await emailsTo(cast.met2.email, "action-due")).length).toBe(1);
    expect((await emailsTo(cast.mopac.email, "action-due")).length).toBe(1);
    expect((await emailsTo(cast.moderator.email, "action-due")).length).toBe(1);
    expect((await emailsTo(cast.moderator2.email, "action-due")).length).toBe(1);
    expect(await emailsTo(cast.alice.email, "action-due")).toHaveLength(0);

    // Done before the due date: no overdue notice for it.
    await updateActionItem({ actionItemId: facilitator.id, actor: cast.moderator, move: MOVES.complete, now: new Date("2026-03-30T10:00:00Z") });
    // 2 April is in BST: the end of the day is 22:59:59.999 UTC.
    expect(await sendActionOverdueNotices(new Date("2026-04-02T22:59:00Z"))).toBe(0);
    const late = new Date("2026-04-02T23:00:00Z");
    const notices = await Promise.all([sendActionOverdueNotices(late), sendActionOverdueNotices(late)]);
    expect(notices[0] + notices[1]).toBe(2);
    expect(await sendActionOverdueNotices(new Date("2026-04-05T10:00:00Z"))).toBe(0);
    const metMails = await emailsTo(cast.met.email, "action-due");
    expect(metMails.map((m) => m.subject)).toEqual(["Action due on Thursday 2 April 2026", "An action is overdue"]);
    expect((await emailsTo(cast.moderator.email, "action-due")).map((m) => m.subject)).toEqual(["Action due on Thursday 2 April 2026"]);
  });
});

describe("overdue across the clock changes", () => {
  beforeEach(emptyDatabase);

  // Clocks go forward at 01:00 UTC on Sunday 29 March 2026 and back at 01:00 UTC on Sunday 25 October 2026.
  const cases = [
    // Due on the Saturday before the spring change (GMT): the day ends at 23:59:59.999 UTC.
    { due: "2026-03-28", notYet: "2026-03-28T23:59:59.000Z", overdueAt: "2026-03-29T00:00:00.000Z" },
    // Due on the day the clocks go forward (BST by evening): the day ends at 22:59:59.999 UTC.
    { due: "2026-03-29", notYet: "2026-03-29T22:59:59.000Z", overdueAt: "2026-03-29T23:00:00.000Z" },
    { due: "2026-03-31", notYet: "2026-03-31T22:30:00.000Z", overdueAt: "2026-03-31T23:00:00.000Z" },
    // Due the Saturday before the autumn change (BST): ends 22:59:59.999 UTC.
    { due: "2026-10-24", notYet: "2026-10-24T22:59:59.000Z", overdueAt: "2026-10-24T23:00:00.000Z" },
    // Due on the day the clocks go back (GMT by evening): ends 23:59:59.999 UTC.
    { due: "2026-10-25", notYet: "2026-10-25T23:30:00.000Z", overdueAt: "2026-10-26T00:00:00.000Z" },
    { due: "2026-10-27", notYet: "2026-10-27T23:59:00.000Z", overdueAt: "2026-10-28T00:00:00.000Z" },
  ];

  it.each(cases)("due $due: not overdue at $notYet, overdue at $overdueAt — in the model, the log's filter and counts", async ({ due, notYet, overdueAt }) => {
    const cast = await makeMeetingCast();
    const { met } = await publishedWithActions(cast, due);
    expect(isActionOverdue(met, new Date(notYet))).toBe(false);
    expect(isActionOverdue(met, new Date(overdueAt))).toBe(true);
    const before = await listActionLog(null, { organisation: "met", overdue: true }, new Date(notYet));
    expect(before.actions).toHaveLength(0);
    expect(before.counts.overdue).toBe(0);
    const after = await listActionLog(null, { organisation: "met", overdue: true }, new Date(overdueAt));
    expect(after.actions.map((a) => a.id)).toEqual([met.id]);
    expect(after.actions[0].overdue).toBe(true);
    // Over all organisations: the three actions share the due date.
    expect((await listActionLog(null, {}, new Date(overdueAt))).counts.overdue).toBe(3);
    // A done action is never overdue.
    await updateActionItem({ actionItemId: met.id, actor: cast.met, move: MOVES.complete, now: new Date(notYet) });
    expect((await listActionLog(null, {}, new Date(overdueAt))).counts.overdue).toBe(2);
  });

  it("the overdue notice follows the same London day", async () => {
    const cast = await makeMeetingCast();
    await publishedWithActions(cast, "2026-10-25");
    expect(await sendActionOverdueNotices(new Date("2026-10-25T23:30:00Z"))).toBe(0);
    expect(await sendActionOverdueNotices(new Date("2026-10-26T00:00:01Z"))).toBe(3);
  });
});

describe("the public action log", () => {
  beforeEach(emptyDatabase);

  it("filters by organisation, status, forum and overdue, and counts; each action links to where it came from", async () => {
    const cast = await makeMeetingCast();
    const first = await publishedWithActions(cast, "2026-01-10");
    await updateActionItem({ actionItemId: first.met.id, actor: cast.met, move: MOVES.complete, now: new Date("2026-01-05T10:00:00Z") });
    const consultationId = crypto.randomUUID();
    const fromConsultation = await db().transaction((tx) =>
      createActionItem(tx, { title: "Publish the new victim letter templates", organisation: "met", dueDate: "2026-12-31", sourceType: "consultation", sourceId: consultationId, createdById: cast.met.id }),
    );
    const now = new Date("2026-02-01T12:00:00Z");
    const all = await listActionLog(null, {}, now);
    expect(all.counts).toMatchObject({ total: 4, open: 3, inProgress: 0, done: 1, notDoing: 0, overdue: 2 });
    expect((await listActionLog(null, { organisation: "met" }, now)).actions.map((a) => a.id).sort()).toEqual([first.met.id, fromConsultation.id].sort());
    expect((await listActionLog(null, { status: "done" }, now)).actions.map((a) => a.id)).toEqual([first.met.id]);
    expect((await listActionLog(null, { overdue: true }, now)).actions.map((a) => a.id).sort()).toEqual([first.mopac.id, first.facilitator.id].sort());
    expect((await listActionLog(null, { forumId: cast.forum.id }, now)).actions).toHaveLength(3);
    expect((await listActionLog(null, { forumId: cast.otherForum.id }, now)).actions).toHaveLength(0);

    const page = await run(actionsPage.loader, "/actions?organisation=met");
    expect(page.status).toBe(200);
    const hrefs = page.data.actions.map((a: { source: { href: string } }) => a.source.href).sort();
    expect(hrefs).toEqual([`/consultations/${consultationId}`, `/meetings/${first.meeting.id}`].sort());
    const detail = await run(actionPage.loader, `/actions/${first.met.id}`, { params: { id: first.met.id } });
    expect(detail.status).toBe(200);
    expect(detail.data.updates.map((u: { statusTo: string }) => u.statusTo)).toEqual(["Done"]);
    expect(detail.data.updates[0].by).toBe("Metropolitan Police");
    // The public history names the organisation, never the responder.
    expect(detail.text).not.toContain(cast.met.name);
  });

  it("hides actions of forums whose minutes are not public from the public, not from the forum's members or staff", async () => {
    const cast = await makeMeetingCast();
    const { met } = await publishedWithActions(cast);
    await db().update(forum).set({ minutesPublic: false }).where(eq(forum.id, cast.forum.id));
    expect((await listActionLog(null)).actions).toHaveLength(0);
    expect((await listActionLog(cast.outsider)).actions).toHaveLength(0);
    expect((await listActionLog(cast.alice)).actions).toHaveLength(3);
    expect((await listActionLog(cast.met)).actions).toHaveLength(3);
    const hidden = await run(actionPage.loader, `/actions/${met.id}`, { params: { id: met.id } });
    expect(hidden.status).toBe(404);
  });
});
