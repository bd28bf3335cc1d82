// /respond lists every item awaiting the responder's organisation (issue 16): threads marked for
// its response, its consultations awaiting "You said, we did", the open actions it owns and the
// meetings it was at, each with its public clock, overdue and soonest due first — and nothing
// of the other organisation's, nor anything it has already answered.
import { eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { StaticRouter } from "react-router-dom/server";
import { DueItems, type DueItemView } from "~/components/due-items";
import { db } from "../../db/client";
import { actionItem } from "../../db/schema/actions";
import { consultation } from "../../db/schema/consultations";
import { meeting } from "../../db/schema/meetings";
import { officialResponse } from "../../db/schema/threads";
import { markForResponse } from "~/models/threads/official-responses.server";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { startThread } from "~/models/threads/threads.server";
import * as respondList from "~/routes/respond._index";
import { addWorkingDays, endOfLondonDay, londonDate } from "~/utils/working-days";
import { useTestDatabase } from "../db";
import { cookieFor, DAY, HOUR, makeMeetingCast, meetingIn, run, type MeetingCast } from "./meetings-fixtures";

useTestDatabase();

type Item = { kind: string; kindLabel: string; id: string; title: string; href: string; detail: string; due: string | null; clock: { text: string; overdue: boolean } | null };

const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
/** The end of the London day `n` calendar days from today (negative: in the past). */
/** The London calendar date `n` days from today's (pure date arithmetic: no clock change moves it). */
const londonDay = (n: number) => new Date(Date.parse(`${londonDate(new Date())}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const dueIn = (n: number) => endOfLondonDay(londonDay(n));
/** About noon, London time, `n` days ago: 12 weeks later is still that London date, whatever the clock changes. */
const noonDaysAgo = (n: number) => new Date(endOfLondonDay(londonDay(-n)).getTime() - 12 * HOUR);

async function markedThread(cast: MeetingCast, title: string, organisation: "met" | "mopac", dueAt: Date) {
  const created = daysAgo(30);
  const { thread, post } = await startThread(cast.alice, { forumId: cast.forum.id, title, visibility: "public", body: "I waited months to hear anything about my case.", contentWarnings: [], atRisk: false }, created);
  await transitionPost({ postId: post.id, actor: cast.moderator, transition: { kind: "approve" }, now: new Date(created.getTime() + HOUR) });
  await markForResponse(cast.moderator, { threadId: thread.id, organisation, dueAt }, new Date(created.getTime() + 2 * HOUR));
  return thread;
}

async function closedConsultation(cast: MeetingCast, title: string, organisation: "met" | "mopac", status: "closed" | "published" | "responded" | "open", closedDaysAgo: number) {
  const closedAt = noonDaysAgo(closedDaysAgo);
  const [c] = await db()
    .insert(consultation)
    .values({
      title,
      summary: `About ${title}.`,
      proposalSource: "The proposal in full.",
      proposalHtml: "<p>The proposal in full.</p>",
      organisation,
      status,
      opensAt: new Date(closedAt.getTime() - 30 * DAY),
      closesAt: status === "open" ? new Date(Date.now() + 10 * DAY) : closedAt,
      closedAt: status === "open" ? null : closedAt,
      resultsPublishedAt: status === "published" || status === "responded" ? new Date(closedAt.getTime() + DAY) : null,
      respondedAt: status === "responded" ? new Date(closedAt.getTime() + 2 * DAY) : null,
      createdById: cast[organisation].id,
    })
    .returning();
  if (status === "responded") {
    await db().insert(officialResponse).values({ targetType: "consultation", targetId: c.id, organisation, responderId: cast[organisation].id, responderTitle: "Lead", bodySource: "You said, we did.", bodyHtml: "<p>You said, we did.</p>", publishedAt: c.respondedAt! });
  }
  return c;
}

/** The page's list as the browser gets it. */
const draw = (data: { organisation: string; items: Item[] }) =>
  renderToStaticMarkup(createElement(StaticRouter, { location: "/respond" }, createElement(DueItems, { organisation: data.organisation, items: data.items as DueItemView[] })));
/** Each body row's cells, as text. */
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr [^>]*data-kind[^>]*>(.*?)<\/tr>/g)].map(([, row]) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(([, cell]) => cell.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'")));

async function listFor(cookie: string) {
  const page = await run(respondList.loader as never, "/respond", { cookie });
  expect(page.status).toBe(200);
  return page.data as { organisation: string; items: Item[] };
}

describe("/respond lists every kind of item awaiting the organisation, with its clock", () => {
  it("a Met responder and a MOPAC responder each see their own threads, consultations, actions and meetings, overdue first, and nothing of the other's", async () => {
    const cast = await makeMeetingCast();
    // Threads.
    const metThread = await markedThread(cast, "Met thread due in five working days", "met", addWorkingDays(new Date(), 5));
    const metLateThread = await markedThread(cast, "Met thread overdue", "met", dueIn(-2));
    const mopacThread = await markedThread(cast, "MOPAC thread", "mopac", addWorkingDays(new Date(), 3));
    // Consultations: 12 weeks (84 days) from closing.
    const metOverdueConsultation = await closedConsultation(cast, "Met consultation closed 90 days ago, results not published", "met", "closed", 90);
    const metDueConsultation = await closedConsultation(cast, "Met consultation with published results", "met", "published", 14);
    const metAnswered = await closedConsultation(cast, "Met consultation already answered", "met", "responded", 20);
    const metOpen = await closedConsultation(cast, "Met consultation still open", "met", "open", 0);
    const mopacConsultation = await closedConsultation(cast, "MOPAC consultation with published results", "mopac", "published", 7);
    // A meeting with minutes published: one action each; the Met's is overdue by 4 days.
    const shared = await meetingIn(cast, "minutes-published", {
      actions: [
        { title: "Met action agreed at the meeting", organisation: "met", dueDate: "2099-06-30" },
        { title: "MOPAC action agreed at the meeting", organisation: "mopac", dueDate: "2099-06-30" },
      ],
    });
    const actions = await db().select().from(actionItem).where(eq(actionItem.sourceId, shared.id));
    const metAction = actions.find((a) => a.organisation === "met")!;
    const mopacAction = actions.find((a) => a.organisation === "mopac")!;
    await db().update(actionItem).set({ dueAt: dueIn(-4) }).where(eq(actionItem.id, metAction.id));
    // A meeting only the Met was at (and no action of MOPAC's): not MOPAC's to answer.
    const metOnlyMeeting = await meetingIn(cast, "minutes-published", { startsAt: daysAgo(10) });
    await db().update(meeting).set({ attendedMopac: 0 }).where(eq(meeting.id, metOnlyMeeting.id));

    const met = await listFor(await cookieFor(cast.made.met));
    expect(met.organisation).toBe("Metropolitan Police");
    const metView = met.items.map((i) => [i.kind, i.id, i.clock?.text ?? null]);
    expect(metView).toEqual([
      ["consultation", metOverdueConsultation.id, "Overdue by 6 days"],
      ["action", metAction.id, "Overdue by 4 days"],
      ["thread", metLateThread.id, "Overdue by 2 days"],
      ["thread", metThread.id, "5 working days left"],
      ["consultation", metDueConsultation.id, "70 days left"],
      // Meetings have no clock: last, newest first.
      ["meeting", shared.id, null],
      ["meeting", metOnlyMeeting.id, null],
    ]);
    const byId = new Map(met.items.map((i) => [i.id, i]));
    expect(byId.get(metOverdueConsultation.id)).toMatchObject({ href: `/consultations/${metOverdueConsultation.id}`, detail: "Closed. You can respond once its results are published", clock: { overdue: true } });
    expect(byId.get(metDueConsultation.id)).toMatchObject({ href: `/consultations/${metDueConsultation.id}/respond`, clock: { overdue: false } });
    expect(byId.get(metAction.id)).toMatchObject({ href: `/respond/actions/${metAction.id}`, detail: "Open", clock: { overdue: true } });
    expect(byId.get(shared.id)).toMatchObject({ href: `/respond/meetings/${shared.id}`, due: null, clock: null });
    for (const id of [metAnswered.id, metOpen.id, mopacThread.id, mopacConsultation.id, mopacAction.id]) expect(byId.has(id)).toBe(false);

    const mopac = await listFor(await cookieFor(cast.made.mopac));
    expect(mopac.organisation).toBe("MOPAC");
    expect(mopac.items.map((i) => [i.kind, i.id, i.clock?.text ?? null])).toEqual([
      ["thread", mopacThread.id, "3 working days left"],
      ["consultation", mopacConsultation.id, "77 days left"],
      ["action", mopacAction.id, expect.stringMatching(/ days left$/)],
      ["meeting", shared.id, null],
    ]);

    // The page draws every item in one table, its clock beside it, overdue ones in red.
    const html = draw(met);
    expect(/<caption[^>]*>([^<]*)<\/caption>/.exec(html)?.[1]).toBe("7 items waiting, 3 overdue");
    const rows = rowsOf(html);
    expect(rows[0]).toEqual([`Consultation: ${metOverdueConsultation.title}`, "Closed. You can respond once its results are published", expect.any(String), "Overdue by 6 days"]);
    expect(rows[6]).toEqual([expect.stringMatching(/^Meeting: /), expect.any(String), "No due date", "No clock"]);
    expect(html.match(/govuk-tag--red/g)).toHaveLength(3);
  });

  it("an organisation with nothing waiting is told so in a sentence", async () => {
    const cast = await makeMeetingCast();
    const mopac = await listFor(await cookieFor(cast.made.mopac));
    expect(mopac.items).toEqual([]);
    const html = draw(mopac);
    expect(html).toContain("Nothing is waiting for a response from MOPAC.");
    expect(html).not.toContain("<table");
  });
});
