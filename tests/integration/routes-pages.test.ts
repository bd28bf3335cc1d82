// Pages no other test called through their route modules, called as Remix calls them (a real
// session cookie, a form POST): who may open each one, what it shows, what a save stores, and
// that a refused or invalid submission comes back with the person's input and stores nothing.
//   /account/notifications · /meetings/:id/attendance · /meetings/:id/minutes(/:itemId) ·
//   /moderation/threads/:id/respond · /respond · /respond/threads/:id ·
//   /threads/:id/posts/:postId/edit
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { meeting, meetingAgendaItem, meetingAttendee, meetingRevision } from "../../db/schema/meetings";
import { notificationPreference } from "../../db/schema/notifications";
import { officialResponse } from "../../db/schema/threads";
import { user } from "../../db/schema/auth";
import { listAgenda, type MeetingStatus } from "~/models/meetings/meetings.server";
import { notificationKindsFor, NOTIFICATION_KINDS, type NotificationKind } from "~/models/notifications/notifications.server";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { endOfLondonDay } from "~/utils/london-time";
import { addWorkingDays, londonDate } from "~/utils/working-days";
import * as notificationsPage from "~/routes/account_.notifications";
import * as attendancePage from "~/routes/meetings.$id.attendance";
import * as minutesPage from "~/routes/meetings.$id.minutes._index";
import * as minutesItemPage from "~/routes/meetings.$id.minutes.$itemId";
import * as markPage from "~/routes/moderation.threads.$id.respond";
import * as respondList from "~/routes/respond._index";
import * as respondPage from "~/routes/respond.threads.$id";
import * as editPostPage from "~/routes/threads.$id_.posts.$postId.edit";
import * as threadPage from "~/routes/threads.$id";
import { ResponseClock } from "~/components/response-clock";
import { useTestDatabase } from "../db";
import { cookieFor, run } from "../support/routes";
import { auditFor, makeCast, notificationsFor, outboxTo, pendingThread, postRow, publishedThread, replyIn, threadRow, type Cast } from "../support/threads";
import { auditOf, makeMeetingCast, meetingIn } from "./meetings-fixtures";
import { markForResponse, publishThreadResponse } from "~/models/threads/official-responses.server";
import { DAY } from "~/utils/time";

useTestDatabase();

const location = (o: { headers: Headers }) => o.headers.get("location");
const signInPage = (path: string) => `/login?redirectTo=${encodeURIComponent(path)}`;

// ---------------------------------------------------------------------------------------------
// /account/notifications

describe("/account/notifications", () => {
  const path = "/account/notifications";
  const bothChannels = (kinds: NotificationKind[]) => Object.fromEntries(kinds.map((k) => [k, ["site", "email"]]));

  it("signed out, the page and the save send the person to sign in, and nothing is stored", async () => {
    const loaded = await run(notificationsPage.loader, path);
    expect(loaded.status).toBe(302);
    expect(location(loaded)).toBe(signInPage(path));
    const saved = await run(notificationsPage.action, path, { form: { "post-decision": "site" } });
    expect(location(saved)).toBe(signInPage(path));
    expect(await db().select().from(notificationPreference)).toHaveLength(0);
  });

  it("lists the kinds each role can receive, all switched on to begin with; queue alerts only for moderators and admins", async () => {
    const cast = await makeCast();
    const shown = async (who: keyof Cast["made"]) => {
      const page = await run(notificationsPage.loader, path, { cookie: await cookieFor(cast.made[who]) });
      expect(page.status).toBe(200);
      return page.data.preferences as { kind: NotificationKind; label: string; inSite: boolean; email: boolean }[];
    };
    const member = await shown("member");
    expect(member.map((p) => p.kind)).toEqual(notificationKindsFor("member"));
    expect(member.map((p) => p.kind)).not.toContain("review-queue");
    expect(member.map((p) => p.kind)).not.toContain("action-due");
    expect(member.every((p) => p.inSite && p.email)).toBe(true);
    expect(member.find((p) => p.kind === "thread-reply")?.label).toBe(NOTIFICATION_KINDS["thread-reply"].label);

    const moderator = (await shown("moderator")).map((p) => p.kind);
    expect(moderator).toContain("review-queue");
    expect(moderator).toEqual(notificationKindsFor("moderator"));
    expect((await shown("admin")).map((p) => p.kind)).toContain("review-queue");
    const responder = (await shown("met")).map((p) => p.kind);
    expect(responder).not.toContain("review-queue");
    expect(responder).toContain("action-due");
  });

  it("switching kinds off (and a channel back on) is saved, shown again, and honoured when something happens", async () => {
    const cast = await makeCast();
    const cookie = await cookieFor(cast.made.author);
    const kinds = notificationKindsFor("member");
    // Unticked boxes are simply not sent: "post-decision" off on both channels, "thread-reply" by email only.
    const form: Record<string, string | string[]> = { ...bothChannels(kinds), "thread-reply": "email" };
    delete form["post-decision"];
    const saved = await run(notificationsPage.action, path, { cookie, form });
    expect(saved.status).toBe(302);
    expect(location(saved)).toBe("/account/notifications?saved=1");

    const page = await run(notificationsPage.loader, path, { cookie });
    const byKind = Object.fromEntries((page.data.preferences as { kind: string; inSite: boolean; email: boolean }[]).map((p) => [p.kind, p]));
    expect(byKind["post-decision"]).toMatchObject({ inSite: false, email: false });
    expect(byKind["thread-reply"]).toMatchObject({ inSite: false, email: true });
    expect(byKind.meeting).toMatchObject({ inSite: true, email: true });

    // A moderator approves the author's post: they asked not to hear about decisions.
    const { thread } = await publishedThread(cast);
    expect(await notificationsFor(cast.author.id, "post-decision")).toHaveLength(0);
    expect(await outboxTo(cast.author.email, "post-decision")).toHaveLength(0);
    // A reply in their thread: by email, not in the site.
    await replyIn(cast, thread.id, "approved", cast.member);
    expect(await notificationsFor(cast.author.id, "thread-reply")).toHaveLength(0);
    expect(await outboxTo(cast.author.email, "thread-reply")).toHaveLength(1);

    // Switching "post-decision" back on in the site only.
    await run(notificationsPage.action, path, { cookie, form: { ...form, "post-decision": "site" } });
    const again = await run(notificationsPage.loader, path, { cookie });
    expect(again.data.preferences.find((p: { kind: string }) => p.kind === "post-decision")).toMatchObject({ inSite: true, email: false });
  });

  it("a member cannot store a choice for a moderators' kind by adding it to the form", async () => {
    const cast = await makeCast();
    const cookie = await cookieFor(cast.made.member);
    await run(notificationsPage.action, path, { cookie, form: { ...bothChannels(notificationKindsFor("member")), "review-queue": ["site", "email"] } });
    const rows = await db().select().from(notificationPreference).where(eq(notificationPreference.userId, cast.member.id));
    expect(rows.map((r) => r.kind).sort()).toEqual([...notificationKindsFor("member")].sort());
  });

  it("an unknown channel in one group is ignored rather than switching every kind off", async () => {
    const cast = await makeCast();
    const cookie = await cookieFor(cast.made.member);
    const kinds = notificationKindsFor("member");
    // e.g. a form from an older version of the page that offered text messages.
    const saved = await run(notificationsPage.action, path, { cookie, form: { ...bothChannels(kinds), meeting: ["site", "sms"] } });
    expect(location(saved)).toBe("/account/notifications?saved=1");
    const page = await run(notificationsPage.loader, path, { cookie });
    const byKind = Object.fromEntries((page.data.preferences as { kind: string; inSite: boolean; email: boolean }[]).map((p) => [p.kind, p]));
    expect(byKind.meeting).toMatchObject({ inSite: true, email: false });
    expect(byKind["thread-reply"]).toMatchObject({ inSite: true, email: true });
    expect(byKind["post-decision"]).toMatchObject({ inSite: true, email: true });
  });
});

// ---------------------------------------------------------------------------------------------
// /meetings/:id/attendance

describe("/meetings/:id/attendance", () => {
  const counts = { members: "4", met: "1", mopac: "2", facilitators: "2", others: "1" };
  const stored = async (id: string) => {
    const [m] = await db().select().from(meeting).where(eq(meeting.id, id));
    const present = await db().select().from(meetingAttendee).where(eq(meetingAttendee.meetingId, id));
    return {
      counts: [m.attendedMembers, m.attendedMet, m.attendedMopac, m.attendedFacilitators, m.attendedOthers],
      present: present.map((p) => p.userId).sort(),
    };
  };

  it("moderators and admins open it; members and responders are refused; signed out goes to sign in", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "held");
    const path = `/meetings/${m.id}/attendance`;
    for (const who of [cast.made.moderator, cast.made.admin]) {
      const page = await run(attendancePage.loader, path, { cookie: await cookieFor(who), params: { id: m.id } });
      expect(page.status).toBe(200);
      expect(page.data.open).toBe(true);
      // The counts recorded when the meeting was marked held, and Carol ticked as present.
      expect(page.data.counts).toEqual({ members: 3, met: 1, mopac: 1, facilitators: 2, others: 0 });
      expect(page.data.marked).toEqual([cast.carol.id]);
      expect(page.data.members.map((p: { label: string }) => p.label).sort()).toEqual([cast.alice.name, cast.bob.name, cast.carol.name].sort());
    }
    for (const who of [cast.made.alice, cast.made.met, cast.made.mopac]) {
      const cookie = await cookieFor(who);
      expect((await run(attendancePage.loader, path, { cookie, params: { id: m.id } })).status).toBe(403);
      expect((await run(attendancePage.action, path, { cookie, params: { id: m.id }, form: counts })).status).toBe(403);
    }
    expect(location(await run(attendancePage.loader, path, { params: { id: m.id } }))).toBe(signInPage(path));
    expect((await stored(m.id)).counts).toEqual([3, 1, 1, 2, 0]);
  });

  it("before the meeting is held the page says so instead of offering the form", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "scheduled", { startsAt: new Date(Date.now() + 3 * DAY) });
    const page = await run(attendancePage.loader, `/meetings/${m.id}/attendance`, { cookie: await cookieFor(cast.made.moderator), params: { id: m.id } });
    expect(page.data).toMatchObject({ open: false, counts: null, meeting: { statusLabel: "Scheduled" } });
    const saved = await run(attendancePage.action, `/meetings/${m.id}/attendance`, { cookie: await cookieFor(cast.made.moderator), params: { id: m.id }, form: counts });
    expect(saved.status).toBe(409);
    expect(saved.data.result.error[""]).toEqual(["Mark the meeting as held before recording attendance."]);
    expect((await stored(m.id)).counts).toEqual([null, null, null, null, null]);
  });

  it("valid counts and ticked members are saved and shown on the next visit, with an audit entry of counts only", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    const cookie = await cookieFor(cast.made.moderator);
    const path = `/meetings/${m.id}/attendance`;
    const saved = await run(attendancePage.action, path, { cookie, params: { id: m.id }, form: { ...counts, present: [cast.alice.id, cast.bob.id] } });
    expect(saved.status).toBe(302);
    expect(location(saved)).toBe(`/meetings/${m.id}?done=attendance`);
    expect(await stored(m.id)).toEqual({ counts: [4, 1, 2, 2, 1], present: [cast.alice.id, cast.bob.id].sort() });
    const page = await run(attendancePage.loader, path, { cookie, params: { id: m.id } });
    expect(page.data.counts).toEqual({ members: 4, met: 1, mopac: 2, facilitators: 2, others: 1 });
    expect(page.data.marked.sort()).toEqual([cast.alice.id, cast.bob.id].sort());
    const entry = (await auditOf(m.id)).filter((e) => e.action === "meeting.attendance").at(-1)!;
    expect(entry.actorId).toBe(cast.moderator.id);
    expect(JSON.stringify(entry.details)).not.toContain(cast.alice.id);
  });

  it("a count that is not a whole number comes back with the message beside it and the input kept; nothing is written", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "held");
    const before = await stored(m.id);
    const saved = await run(attendancePage.action, `/meetings/${m.id}/attendance`, {
      cookie: await cookieFor(cast.made.moderator),
      params: { id: m.id },
      form: { ...counts, met: "two", others: "-1", present: [cast.alice.id] },
    });
    expect(saved.status).toBe(400);
    expect(saved.data.result.error.met).toEqual(["Enter the number of Metropolitan Police staff as a number, like 4"]);
    expect(saved.data.result.error.others).toEqual(["The number of others cannot be negative"]);
    expect(saved.data.result.initialValue).toMatchObject({ members: "4", met: "two", others: "-1", present: cast.alice.id });
    expect(await stored(m.id)).toEqual(before);
  });

  it("more members ticked than counted, or someone from outside the forum, is refused as a whole", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "held");
    const cookie = await cookieFor(cast.made.moderator);
    const before = await stored(m.id);
    const tooFew = await run(attendancePage.action, `/meetings/${m.id}/attendance`, {
      cookie,
      params: { id: m.id },
      form: { ...counts, members: "1", present: [cast.alice.id, cast.bob.id] },
    });
    expect(tooFew.status).toBe(400);
    expect(tooFew.data.result.error.members).toEqual(["You marked 2 members as present, so the number of members must be at least 2"]);
    expect(tooFew.data.result.initialValue).toMatchObject({ members: "1", mopac: "2", present: [cast.alice.id, cast.bob.id] });
    const outsider = await run(attendancePage.action, `/meetings/${m.id}/attendance`, { cookie, params: { id: m.id }, form: { ...counts, present: [cast.alice.id, cast.outsider.id] } });
    expect(outsider.status).toBe(400);
    expect(outsider.data.result.error.present).toEqual(["Only members of the forum can be marked present"]);
    // Neither the counts nor the ticks changed: no partial write.
    expect(await stored(m.id)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// /meetings/:id/minutes and /meetings/:id/minutes/:itemId

describe("/meetings/:id/minutes", () => {
  const firstItem = async (meetingId: string) => (await listAgenda(meetingId))[0];

  it.each<[MeetingStatus, { editable: boolean; canAddItem: boolean }]>([
    ["scheduled", { editable: false, canAddItem: false }],
    ["held", { editable: false, canAddItem: true }],
    ["minutes-draft", { editable: true, canAddItem: true }],
    ["minutes-review", { editable: true, canAddItem: true }],
    ["minutes-published", { editable: true, canAddItem: false }],
    ["cancelled", { editable: false, canAddItem: false }],
  ])("%s: moderators see every agenda item and may edit=%o; members and responders are refused", async (status, expected) => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, status, status === "scheduled" ? { startsAt: new Date(Date.now() + 3 * DAY) } : {});
    const item = await firstItem(m.id);
    const overview = await run(minutesPage.loader, `/meetings/${m.id}/minutes`, { cookie: await cookieFor(cast.made.moderator), params: { id: m.id } });
    expect(overview.status).toBe(200);
    expect(overview.data).toMatchObject({ meeting: { status }, ...expected });
    expect(overview.data.items.map((i: { title: string }) => i.title)).toEqual(["Welcome and introductions", "Being told when a case is closed", "Support at court"]);
    const one = await run(minutesItemPage.loader, `/meetings/${m.id}/minutes/${item.id}`, { cookie: await cookieFor(cast.made.admin), params: { id: m.id, itemId: item.id } });
    expect(one.status).toBe(200);
    expect(one.data).toMatchObject({ editable: expected.editable, correcting: status === "minutes-published", item: { title: "Welcome and introductions" } });
    for (const who of [cast.made.alice, cast.made.carol, cast.made.met]) {
      const cookie = await cookieFor(who);
      expect((await run(minutesPage.loader, `/meetings/${m.id}/minutes`, { cookie, params: { id: m.id } })).status).toBe(403);
      expect((await run(minutesItemPage.loader, `/meetings/${m.id}/minutes/${item.id}`, { cookie, params: { id: m.id, itemId: item.id } })).status).toBe(403);
    }
    expect(location(await run(minutesPage.loader, `/meetings/${m.id}/minutes`, { params: { id: m.id } }))).toBe(signInPage(`/meetings/${m.id}/minutes`));
  });

  it("an agenda item of another meeting, or a meeting that does not exist, is not found", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    const other = await meetingIn(cast, "minutes-draft");
    const cookie = await cookieFor(cast.made.moderator);
    const foreign = await firstItem(other.id);
    expect((await run(minutesItemPage.loader, `/meetings/${m.id}/minutes/${foreign.id}`, { cookie, params: { id: m.id, itemId: foreign.id } })).status).toBe(404);
    expect((await run(minutesPage.loader, "/meetings/nope/minutes", { cookie, params: { id: "nope" } })).status).toBe(404);
  });

  it("a moderator saves an item's summary in the draft: stored as sanitized HTML and shown on the overview", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-draft");
    const item = await firstItem(m.id);
    const cookie = await cookieFor(cast.made.moderator);
    const path = `/meetings/${m.id}/minutes/${item.id}`;
    const saved = await run(minutesItemPage.action, path, {
      cookie,
      params: { id: m.id, itemId: item.id },
      form: { intent: "save", summary: "Members said **letters** came late.<script>alert(1)</script>", decisions: "- Write to members within 5 days" },
    });
    expect(saved.status).toBe(302);
    expect(location(saved)).toBe(`${path}?done=save`);
    const [row] = await db().select().from(meetingAgendaItem).where(eq(meetingAgendaItem.id, item.id));
    expect(row.summaryHtml).toContain("<strong>letters</strong>");
    expect(row.summaryHtml).not.toContain("<script");
    expect(row.decisionsHtml).toContain("<li>Write to members within 5 days</li>");
    const page = await run(minutesItemPage.loader, path, { cookie, params: { id: m.id, itemId: item.id } });
    expect(page.data.item).toMatchObject({ summary: "Members said **letters** came late.<script>alert(1)</script>", decisions: "- Write to members within 5 days" });
    const overview = await run(minutesPage.loader, `/meetings/${m.id}/minutes`, { cookie, params: { id: m.id } });
    expect(overview.data.items[0].summaryHtml).toContain("<strong>letters</strong>");
  });

  it("refused edits store nothing: a member posting the form, a save before the minutes are started, a correction without its note", async () => {
    const cast = await makeMeetingCast();
    const form = { intent: "save", summary: "Members said letters came late.", decisions: "" };

    const draft = await meetingIn(cast, "minutes-draft");
    const draftItem = await firstItem(draft.id);
    const byMember = await run(minutesItemPage.action, `/meetings/${draft.id}/minutes/${draftItem.id}`, { cookie: await cookieFor(cast.made.alice), params: { id: draft.id, itemId: draftItem.id }, form });
    expect(byMember.status).toBe(403);
    const [untouched] = await db().select().from(meetingAgendaItem).where(eq(meetingAgendaItem.id, draftItem.id));
    expect(untouched.summarySource ?? "").toBe("");

    const moderator = await cookieFor(cast.made.moderator);
    const held = await meetingIn(cast, "held");
    const heldItem = await firstItem(held.id);
    const early = await run(minutesItemPage.action, `/meetings/${held.id}/minutes/${heldItem.id}`, { cookie: moderator, params: { id: held.id, itemId: heldItem.id }, form });
    expect(early.status).toBe(409);
    expect(early.data.result.error[""]).toEqual(["The minutes cannot be changed now. The meeting is held, minutes to be written."]);
    expect(early.data.result.initialValue.summary).toBe("Members said letters came late.");
    const [heldRow] = await db().select().from(meetingAgendaItem).where(eq(meetingAgendaItem.id, heldItem.id));
    expect(heldRow.summarySource ?? "").toBe("");

    const published = await meetingIn(cast, "minutes-published");
    const publishedItem = await firstItem(published.id);
    const noNote = await run(minutesItemPage.action, `/meetings/${published.id}/minutes/${publishedItem.id}`, {
      cookie: moderator,
      params: { id: published.id, itemId: publishedItem.id },
      form: { ...form, revisionNote: "" },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.data.result.error.revisionNote).toEqual(["Say what you corrected: the note is shown with the published minutes"]);
    expect(noNote.data.result.initialValue.summary).toBe("Members said letters came late.");
    const [publishedRow] = await db().select().from(meetingAgendaItem).where(eq(meetingAgendaItem.id, publishedItem.id));
    expect(publishedRow.summarySource ?? "").toBe("");
    expect(await db().select().from(meetingRevision).where(eq(meetingRevision.meetingId, published.id))).toHaveLength(0);
  });

  it("the overview adds an 'any other business' item while the minutes are open, and refuses once they are published", async () => {
    const cast = await makeMeetingCast();
    const cookie = await cookieFor(cast.made.moderator);
    const draft = await meetingIn(cast, "minutes-draft");
    const added = await run(minutesPage.action, `/meetings/${draft.id}/minutes`, { cookie, params: { id: draft.id }, form: { title: "Any other business", notes: "" } });
    expect(added.status).toBe(302);
    const agenda = await listAgenda(draft.id);
    expect(agenda.map((a) => a.title)).toEqual(["Welcome and introductions", "Being told when a case is closed", "Support at court", "Any other business"]);
    expect(location(added)).toBe(`/meetings/${draft.id}/minutes/${agenda[3].id}`);

    const published = await meetingIn(cast, "minutes-published");
    const refused = await run(minutesPage.action, `/meetings/${published.id}/minutes`, { cookie, params: { id: published.id }, form: { title: "Any other business", notes: "" } });
    expect(refused.status).toBe(409);
    expect(refused.data.result.initialValue.title).toBe("Any other business");
    expect(await listAgenda(published.id)).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------
// /moderation/threads/:id/respond

describe("/moderation/threads/:id/respond", () => {
  const pathOf = (id: string) => `/moderation/threads/${id}/respond`;

  it("only moderators and admins may ask for a response; the form suggests a due date 20 working days away", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "public" });
    const path = pathOf(thread.id);
    const before = londonDate(addWorkingDays(new Date(), 20));
    const page = await run(markPage.loader, path, { cookie: await cookieFor(cast.made.moderator), params: { id: thread.id } });
    const after = londonDate(addWorkingDays(new Date(), 20));
    expect(page.status).toBe(200);
    expect([before, after]).toContain(page.data.thread.dueDate);
    // 20 working days are at least four calendar weeks, and end on a weekday.
    const due = new Date(`${page.data.thread.dueDate}T12:00:00Z`);
    expect(due.getTime() - Date.now()).toBeGreaterThanOrEqual(27 * DAY);
    expect([0, 6]).not.toContain(due.getUTCDay());
    expect(page.data.thread).toMatchObject({ organisation: "", dueLabel: null, visibility: "public" });
    expect((await run(markPage.loader, path, { cookie: await cookieFor(cast.made.admin), params: { id: thread.id } })).status).toBe(200);

    for (const who of [cast.made.member, cast.made.author, cast.made.met, cast.made.mopac]) {
      const cookie = await cookieFor(who);
      expect((await run(markPage.loader, path, { cookie, params: { id: thread.id } })).status).toBe(403);
      const tried = await run(markPage.action, path, { cookie, params: { id: thread.id }, form: { organisation: "met", dueDate: before } });
      expect(tried.status).toBe(403);
    }
    expect(location(await run(markPage.loader, path, { params: { id: thread.id } }))).toBe(signInPage(path));
    expect((await threadRow(thread.id)).responseOrganisation).toBeNull();
    expect(await auditFor(thread.id)).toHaveLength(0);
  });

  it("a thread still awaiting moderation cannot be marked", async () => {
    const cast = await makeCast();
    const { thread } = await pendingThread(cast);
    const cookie = await cookieFor(cast.made.moderator);
    expect((await run(markPage.loader, pathOf(thread.id), { cookie, params: { id: thread.id } })).status).toBe(404);
  });

  it("marking stores the organisation and the end of the due day in London, is audited, and puts the thread on that organisation's list", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "members" });
    const cookie = await cookieFor(cast.made.moderator);
    const dueDate = londonDate(addWorkingDays(new Date(), 20));
    const done = await run(markPage.action, pathOf(thread.id), {
      cookie,
      params: { id: thread.id },
      form: { organisation: "mopac", dueDate, publicSummary: "Members describe long waits for updates on their cases." },
    });
    expect(done.status).toBe(302);
    expect(location(done)).toBe(`/threads/${thread.id}?marked=1`);
    const row = await threadRow(thread.id);
    expect(row.responseOrganisation).toBe("mopac");
    expect(row.responseDueAt?.toISOString()).toBe(endOfLondonDay(dueDate).toISOString());
    expect(row.publicSummary).toBe("Members describe long waits for updates on their cases.");
    const entries = await auditFor(thread.id);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([["thread.mark-for-response", cast.moderator.id]]);
    expect(entries[0].details).toMatchObject({ organisation: "mopac" });

    const mopacList = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.mopac) });
    expect(threadsIn(mopacList.data).map((t: { id: string }) => t.id)).toEqual([thread.id]);
    const metList = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.met) });
    expect(threadsIn(metList.data)).toEqual([]);
    // Opening the form again shows the request as it stands.
    const again = await run(markPage.loader, pathOf(thread.id), { cookie, params: { id: thread.id } });
    expect(again.data.thread).toMatchObject({ organisation: "mopac", dueDate, publicSummary: "Members describe long waits for updates on their cases." });
    expect(again.data.thread.dueLabel).toBeTruthy();
  });

  it("an unknown organisation, an impossible date or a past date come back with messages and the input kept; nothing is stored", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "public" });
    const cookie = await cookieFor(cast.made.moderator);
    const bad = await run(markPage.action, pathOf(thread.id), {
      cookie,
      params: { id: thread.id },
      form: { organisation: "essex", dueDate: "2031-02-30", publicSummary: "Waiting times." },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error.organisation).toEqual(["Choose who should respond: the Metropolitan Police or MOPAC"]);
    expect(bad.data.error.dueDate).toEqual(["Enter the due date as a real date, like 2026-03-31"]);
    expect(bad.data.initialValue).toMatchObject({ organisation: "essex", dueDate: "2031-02-30", publicSummary: "Waiting times." });

    const yesterday = londonDate(new Date(Date.now() - DAY));
    const past = await run(markPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { organisation: "met", dueDate: yesterday } });
    expect(past.status).toBe(400);
    expect(past.data.error.dueDate).toEqual(["The due date must be today or later"]);
    expect(past.data.initialValue).toMatchObject({ organisation: "met", dueDate: yesterday });

    expect((await threadRow(thread.id)).responseOrganisation).toBeNull();
    expect(await auditFor(thread.id)).toHaveLength(0);
  });

  it("a members-only thread needs a public summary: a blank one is refused with the choices kept", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "members" });
    const cookie = await cookieFor(cast.made.moderator);
    const dueDate = londonDate(addWorkingDays(new Date(), 10));
    for (const publicSummary of ["", "   "]) {
      const refused = await run(markPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { organisation: "met", dueDate, publicSummary } });
      expect(refused.status).toBe(400);
      expect(refused.data.error.publicSummary?.[0]).toMatch(/^Write a short public summary/);
      expect(refused.data.initialValue).toMatchObject({ organisation: "met", dueDate });
    }
    expect((await threadRow(thread.id)).responseOrganisation).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// /respond

/** The threads among /respond's items (it lists every kind of item awaiting a response). */
const threadsIn = (data: { items: { kind: string }[] }) => data.items.filter((i) => i.kind === "thread") as unknown as { id: string; clock: { text: string; overdue: boolean } }[];

describe("/respond", () => {
  it("a responder sees their organisation's threads awaiting a response, soonest due first, overdue marked; answered and other organisations' are left out", async () => {
    const cast = await makeCast();
    const now = new Date();
    const mark = async (title: string, organisation: "met" | "mopac", dueAt: Date) => {
      const { thread } = await publishedThread(cast, { visibility: "public", title });
      await markForResponse(cast.moderator, { threadId: thread.id, organisation, dueAt });
      return thread;
    };
    const later = await mark("Due in ten working days", "met", addWorkingDays(now, 10));
    const overdue = await mark("Overdue by three days", "met", endOfLondonDay(londonDate(new Date(now.getTime() - 3 * DAY))));
    const soon = await mark("Due in five working days", "met", addWorkingDays(now, 5));
    const forMopac = await mark("For MOPAC", "mopac", addWorkingDays(now, 1));
    const answered = await mark("Already answered", "met", addWorkingDays(now, 2));
    await publishThreadResponse(cast.met, { threadId: answered.id, body: "We have changed the letters.", responderTitle: "Reform lead" });
    await publishedThread(cast, { visibility: "public", title: "Not marked" });

    const page = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.met) });
    expect(page.status).toBe(200);
    expect(page.data.organisation).toBe("Metropolitan Police");
    expect(threadsIn(page.data).map((t: { id: string }) => t.id)).toEqual([overdue.id, soon.id, later.id]);
    const [first, second, third] = threadsIn(page.data);
    expect(first.clock).toEqual({ text: "Overdue by 3 days", overdue: true });
    expect(second.clock).toEqual({ text: "5 working days left", overdue: false });
    expect(third.clock).toEqual({ text: "10 working days left", overdue: false });

    const mopac = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.mopac) });
    expect(threadsIn(mopac.data).map((t: { id: string }) => t.id)).toEqual([forMopac.id]);
  });

  it("the public thread page and /respond read the same clock: working days left while there is time, calendar days once overdue", async () => {
    const cast = await makeCast();
    const now = new Date();
    const mark = async (dueAt?: Date) => {
      const { thread } = await publishedThread(cast, { visibility: "public" });
      await markForResponse(cast.moderator, { threadId: thread.id, organisation: "met", dueAt });
      return thread.id;
    };
    // Marked with the usual due date, the clock that once counted calendar days in public (about
    // 28 to 33 of them) and "20 working days left" on /respond reads the same in both.
    const expected = new Map([
      [await mark(), "20 working days left"],
      [await mark(addWorkingDays(now, 5)), "5 working days left"],
      [await mark(endOfLondonDay(londonDate(new Date(now.getTime() - 3 * DAY)))), "Overdue by 3 days"],
    ]);
    const list = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.met) });
    for (const [id, text] of expected) {
      const page = await run(threadPage.loader, `/threads/${id}`, { params: { id } });
      expect(page.status).toBe(200);
      const html = renderToStaticMarkup(createElement(ResponseClock, { ...page.data.thread.clock, now: page.data.now }));
      const publicClock = /<strong[^>]*>([^<]*)<\/strong>/.exec(html)?.[1];
      const respondClock = threadsIn(list.data).find((t: { id: string }) => t.id === id)?.clock.text;
      expect({ publicClock, respondClock }).toEqual({ publicClock: text, respondClock: text });
    }
  });

  it("members, moderators and admins are refused; a responder without an organisation is told why; signed out goes to sign in", async () => {
    const cast = await makeCast();
    for (const who of [cast.made.member, cast.made.moderator, cast.made.admin]) {
      expect((await run(respondList.loader, "/respond", { cookie: await cookieFor(who) })).status).toBe(403);
    }
    await db().update(user).set({ organisation: null }).where(eq(user.id, cast.met.id));
    const unlinked = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.met) });
    expect(unlinked.status).toBe(403);
    expect(unlinked.text).toContain("not linked to the Metropolitan Police or MOPAC");
    expect(location(await run(respondList.loader, "/respond"))).toBe(signInPage("/respond"));
  });
});

// ---------------------------------------------------------------------------------------------
// /respond/threads/:id

describe("/respond/threads/:id", () => {
  const pathOf = (id: string) => `/respond/threads/${id}`;
  const responsesTo = (threadId: string) => db().select().from(officialResponse).where(eq(officialResponse.threadId, threadId));

  async function markedThread(cast: Cast) {
    const { thread } = await publishedThread(cast, { visibility: "public", title: "Nobody told me my case was closed" });
    await markForResponse(cast.moderator, { threadId: thread.id, organisation: "met", dueAt: addWorkingDays(new Date(), 20) });
    return thread;
  }

  it("the asked organisation's responder sees the thread and the request; members and moderators are refused", async () => {
    const cast = await makeCast();
    const thread = await markedThread(cast);
    const page = await run(respondPage.loader, pathOf(thread.id), { cookie: await cookieFor(cast.made.met), params: { id: thread.id } });
    expect(page.status).toBe(200);
    expect(page.data.thread).toMatchObject({ title: "Nobody told me my case was closed", requested: true });
    expect(page.data.posts).toHaveLength(1);
    for (const who of [cast.made.member, cast.made.author, cast.made.moderator, cast.made.admin]) {
      const cookie = await cookieFor(who);
      expect((await run(respondPage.loader, pathOf(thread.id), { cookie, params: { id: thread.id } })).status).toBe(403);
      const tried = await run(respondPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { intent: "publish", responderTitle: "Lead", body: "We will change it." } });
      expect(tried.status).toBe(403);
    }
    expect(location(await run(respondPage.loader, pathOf(thread.id), { params: { id: thread.id } }))).toBe(signInPage(pathOf(thread.id)));
    expect(await responsesTo(thread.id)).toHaveLength(0);
  });

  it("publishing creates the response with the organisation's badge, takes the thread off the list and tells those who took part", async () => {
    const cast = await makeCast();
    const thread = await markedThread(cast);
    const cookie = await cookieFor(cast.made.met);
    const done = await run(respondPage.action, pathOf(thread.id), {
      cookie,
      params: { id: thread.id },
      form: { intent: "publish", responderTitle: "Reform lead, Victim Care", body: "From **May** every closure letter names an officer." },
    });
    expect(done.status).toBe(302);
    const [response] = await responsesTo(thread.id);
    expect(location(done)).toBe(`/threads/${thread.id}#response-${response.id}`);
    expect(response).toMatchObject({ organisation: "met", responderId: cast.met.id, responderTitle: "Reform lead, Victim Care" });
    expect(response.bodyHtml).toContain("<strong>May</strong>");
    expect(threadsIn((await run(respondList.loader, "/respond", { cookie })).data)).toEqual([]);
    expect(await notificationsFor(cast.author.id, "official-response")).toHaveLength(1);
    expect((await auditFor(thread.id)).map((e) => e.action)).toContain("official-response.publish");
    // The page now shows it, with the responder's own text to edit, and remembers their role.
    const page = await run(respondPage.loader, pathOf(thread.id), { cookie, params: { id: thread.id } });
    expect(page.data.responses).toHaveLength(1);
    expect(page.data.responses[0]).toMatchObject({ organisation: "met", ownSource: "From **May** every closure letter names an officer." });
    expect(page.data.lastTitle).toBe("Reform lead, Victim Care");
  });

  it("an empty or blank response is refused with a message, and the role typed is kept", async () => {
    const cast = await makeCast();
    const thread = await markedThread(cast);
    const cookie = await cookieFor(cast.made.met);
    for (const body of ["", "   \n  "]) {
      const refused = await run(respondPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { intent: "publish", responderTitle: "Reform lead, Victim Care", body } });
      expect(refused.status).toBe(400);
      expect(refused.data.intent).toBe("publish");
      expect(refused.data.result.error.body).toEqual(["Write the response"]);
      expect(refused.data.result.initialValue.responderTitle).toBe("Reform lead, Victim Care");
    }
    const noRole = await run(respondPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { intent: "publish", responderTitle: "  ", body: "We will change the letters." } });
    expect(noRole.status).toBe(400);
    expect(noRole.data.result.error.responderTitle).toEqual(["Enter your role, like Reform lead, Victim Care"]);
    expect(noRole.data.result.initialValue.body).toBe("We will change the letters.");
    expect(await responsesTo(thread.id)).toHaveLength(0);

    // Nor can a published response be edited down to nothing.
    const published = await publishThreadResponse(cast.met, { threadId: thread.id, body: "We will change the letters.", responderTitle: "Reform lead" });
    const blanked = await run(respondPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { intent: "edit", responseId: published.id, body: "  " } });
    expect(blanked.status).toBe(400);
    expect(blanked.data).toMatchObject({ intent: "edit", responseId: published.id });
    expect(blanked.data.result.error.body).toEqual(["Write the response"]);
    const [stored] = await responsesTo(thread.id);
    expect(stored.bodySource).toBe("We will change the letters.");
    expect(stored.editedAt).toBeNull();
  });

  it("a response that looks like it holds identifying details is held back with what was found, then published as confirmed", async () => {
    const cast = await makeCast();
    const thread = await markedThread(cast);
    const cookie = await cookieFor(cast.made.met);
    const form = { intent: "publish", responderTitle: "Reform lead, Victim Care", body: "Ring our victim care team on 07700 900123 about the letters." };
    const warned = await run(respondPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form });
    expect(warned.status).toBe(200);
    expect(warned.data.pii.fields).toEqual([expect.objectContaining({ name: "body", label: "Your response", findings: [expect.objectContaining({ kind: "phone", text: "07700 900123" })] })]);
    expect(warned.data.result.initialValue.body).toBe(form.body);
    expect(await responsesTo(thread.id)).toHaveLength(0);
    // "Publish anyway" confirms this exact text; an edited text would be checked again.
    const done = await run(respondPage.action, pathOf(thread.id), { cookie, params: { id: thread.id }, form: { ...form, piiConfirmed: warned.data.pii.hash } });
    expect(done.status).toBe(302);
    expect((await responsesTo(thread.id)).map((r) => r.bodySource)).toEqual([form.body]);
  });

  it("the other organisation may also respond, under its own badge; the thread stays on the asked organisation's list", async () => {
    const cast = await makeCast();
    const thread = await markedThread(cast);
    const page = await run(respondPage.loader, pathOf(thread.id), { cookie: await cookieFor(cast.made.mopac), params: { id: thread.id } });
    expect(page.data.thread.requested).toBe(false);
    const done = await run(respondPage.action, pathOf(thread.id), {
      cookie: await cookieFor(cast.made.mopac),
      params: { id: thread.id },
      form: { intent: "publish", responderTitle: "Policy officer", body: "MOPAC will ask the Met for its figures." },
    });
    expect(done.status).toBe(302);
    expect((await responsesTo(thread.id)).map((r) => r.organisation)).toEqual(["mopac"]);
    const metList = await run(respondList.loader, "/respond", { cookie: await cookieFor(cast.made.met) });
    expect(threadsIn(metList.data).map((t: { id: string }) => t.id)).toEqual([thread.id]);
  });
});

// ---------------------------------------------------------------------------------------------
// /threads/:id/posts/:postId/edit

const flashCookieOf = (outcome: { headers: Headers }) => outcome.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("vvf_flash=")) ?? "";

describe("/threads/:id after sending a post", () => {
  it("the author sees 'sent' once; anyone opening the same address (even with the old ?submitted=1) sees no such message", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const cookie = await cookieFor(cast.made.member);
    const params = { id: thread.id };
    const body = "The officer who came round was kind and explained every step to me.";
    const sent = await run(threadPage.action, `/threads/${thread.id}`, { cookie, params, form: { intent: "reply", body } });
    expect(sent.status).toBe(302);
    expect(location(sent)).toBe(`/threads/${thread.id}`);
    const flash = flashCookieOf(sent);
    const first = await run(threadPage.loader, `/threads/${thread.id}`, { cookie: `${cookie}; ${flash}`, params });
    expect(first.data.flash).toBe("post-sent");
    // Opened again without the flash (it was cleared), or by another member from an old link.
    expect((await run(threadPage.loader, `/threads/${thread.id}`, { cookie, params })).data.flash).toBeNull();
    const other = await cookieFor(cast.made.author);
    expect((await run(threadPage.loader, `/threads/${thread.id}?submitted=1`, { cookie: other, params })).data.flash).toBeNull();
  });
});

describe("/threads/:id/posts/:postId/edit", () => {
  const pathOf = (threadId: string, postId: string) => `/threads/${threadId}/posts/${postId}/edit`;
  const newBody = "I have taken my street name out and still want to share what happened.";

  it("only the author may open or send their post; anyone else gets not found and nothing changes", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const reply = await replyIn(cast, thread.id, "pending", cast.member);
    const path = pathOf(thread.id, reply.id);
    const params = { id: thread.id, postId: reply.id };
    const own = await run(editPostPage.loader, path, { cookie: await cookieFor(cast.made.member), params });
    expect(own.status).toBe(200);
    expect(own.data.post).toMatchObject({ id: reply.id, status: "pending", bodySource: reply.bodySource, rejection: null });
    for (const who of [cast.made.author, cast.made.outsider, cast.made.moderator, cast.made.admin]) {
      const cookie = await cookieFor(who);
      expect((await run(editPostPage.loader, path, { cookie, params })).status).toBe(404);
      expect((await run(editPostPage.action, path, { cookie, params, form: { body: newBody } })).status).toBe(404);
    }
    expect(location(await run(editPostPage.loader, path, { params }))).toBe(signInPage(path));
    const row = await postRow(reply.id);
    expect(row.bodySource).toBe(reply.bodySource);
    expect(row.version).toBe(reply.version);
  });

  it("an approved or withdrawn post is no longer offered for editing", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const cookie = await cookieFor(cast.made.member);
    for (const status of ["approved", "withdrawn"] as const) {
      const reply = await replyIn(cast, thread.id, status, cast.member);
      const params = { id: thread.id, postId: reply.id };
      expect((await run(editPostPage.loader, pathOf(thread.id, reply.id), { cookie, params })).status).toBe(404);
      expect((await run(editPostPage.action, pathOf(thread.id, reply.id), { cookie, params, form: { body: newBody } })).status).toBe(404);
      expect((await postRow(reply.id)).status).toBe(status);
    }
  });

  it("a rejected post shows the reason; editing it sends it back to the moderators as a new version", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const reply = await replyIn(cast, thread.id, "rejected", cast.member);
    const cookie = await cookieFor(cast.made.member);
    const path = pathOf(thread.id, reply.id);
    const params = { id: thread.id, postId: reply.id };
    const page = await run(editPostPage.loader, path, { cookie, params });
    expect(page.data.post.status).toBe("rejected");
    expect(page.data.post.rejection).toMatchObject({ note: "Your street is named." });
    expect(page.data.post.rejection.reason).toBeTruthy();

    const sent = await run(editPostPage.action, path, { cookie, params, form: { body: newBody, contentWarnings: "domestic-abuse" } });
    expect(sent.status).toBe(302);
    expect(location(sent)).toBe(`/threads/${thread.id}`);
    // "Your post has been sent" is said once, to the author, from a flash cookie (not the address).
    const flash = flashCookieOf(sent);
    expect(flash).toMatch(/^vvf_flash=/);
    const shown = await run(threadPage.loader, `/threads/${thread.id}`, { cookie: `${cookie}; ${flash}`, params: { id: thread.id } });
    expect(shown.data.flash).toBe("post-sent");
    expect(shown.headers.getSetCookie().join()).toMatch(/vvf_flash=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    const row = await postRow(reply.id);
    expect(row.status).toBe("pending");
    expect(row.bodySource).toBe(newBody);
    expect(row.contentWarnings).toEqual(["domestic-abuse"]);
    expect(row.version).toBe(reply.version + 1);
    // A moderator can now approve the new version.
    const approved = await transitionPost({ postId: reply.id, actor: cast.moderator, transition: { kind: "approve" } });
    expect(approved.status).toBe("approved");
  });

  it("a body too short, or an opening post without its title, comes back with the message and the input kept; nothing is stored", async () => {
    const cast = await makeCast();
    const { thread: t, post: opening } = await pendingThread(cast);
    const cookie = await cookieFor(cast.made.author);
    const path = pathOf(t.id, opening.id);
    const params = { id: t.id, postId: opening.id };
    const short = await run(editPostPage.action, path, { cookie, params, form: { title: "A better title", body: "Too short." } });
    expect(short.status).toBe(400);
    expect(short.data.result.error.body).toEqual(["Your post must be at least 20 characters"]);
    expect(short.data.result.initialValue).toMatchObject({ title: "A better title", body: "Too short." });
    const untitled = await run(editPostPage.action, path, { cookie, params, form: { title: "", body: newBody } });
    expect(untitled.status).toBe(400);
    expect(untitled.data.result.error.title).toEqual(["Enter a title"]);
    expect(untitled.data.result.initialValue.body).toBe(newBody);
    const row = await postRow(opening.id);
    expect(row.bodySource).toBe(opening.bodySource);
    expect(row.version).toBe(opening.version);
    expect((await threadRow(t.id)).title).toBe(t.title);
  });

  it("identifying details in the new text are pointed out first; sent anyway once confirmed, with the title changed", async () => {
    const cast = await makeCast();
    const { thread: t, post: opening } = await pendingThread(cast);
    const cookie = await cookieFor(cast.made.author);
    const path = pathOf(t.id, opening.id);
    const params = { id: t.id, postId: opening.id };
    const form = { title: "Waiting for a call back", body: "They said they would call me on 07700 900444 but never did." };
    const warned = await run(editPostPage.action, path, { cookie, params, form });
    expect(warned.status).toBe(200);
    expect(warned.data.pii.fields.map((f: { name: string }) => f.name)).toEqual(["body"]);
    expect(warned.data.result.initialValue).toMatchObject(form);
    expect((await postRow(opening.id)).bodySource).toBe(opening.bodySource);
    const sent = await run(editPostPage.action, path, { cookie, params, form: { ...form, piiConfirmed: warned.data.pii.hash } });
    expect(location(sent)).toBe(`/threads/${t.id}`);
    expect((await postRow(opening.id)).bodySource).toBe(form.body);
    expect((await threadRow(t.id)).title).toBe("Waiting for a call back");
  });
});
