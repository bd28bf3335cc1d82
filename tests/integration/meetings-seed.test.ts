// The demo meetings (db/seed-meetings.ts) show every state a newcomer should see: an upcoming
// meeting with answers, draft minutes in review, and published minutes with one action done,
// one in progress and one overdue.
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { meeting } from "../../db/schema/meetings";
import { seedDemo } from "../../db/seed";
import { seedDemoMeetings } from "../../db/seed-meetings";
import { listActionLog, listActionsForSource } from "~/models/actions/action-items.server";
import { getMinutes } from "~/models/meetings/minutes.server";
import { listMeetingsForViewer, rsvpCounts } from "~/models/meetings/meetings.server";
import { useTestDatabase } from "../db";

useTestDatabase();

describe("demo meetings", () => {
  it("an upcoming meeting with answers, minutes in review, and published minutes with a done, an in-progress and an overdue action", async () => {
    await seedDemo(db());
    // db/seed.ts may already call seedDemoMeetings; seed them here only if it does not.
    if ((await db().select({ id: meeting.id }).from(meeting)).length === 0) await seedDemoMeetings(db());
    const meetings = await listMeetingsForViewer(null);
    expect(meetings.map((m) => m.status)).toEqual(["minutes-published"]);
    const all = await db().select().from(meeting);
    expect(all.map((m) => m.status).sort()).toEqual(["minutes-published", "minutes-review", "scheduled"]);
    const upcoming = all.find((m) => m.status === "scheduled")!;
    expect(await rsvpCounts(upcoming.id)).toEqual({ going: 2, maybe: 1, notGoing: 1 });
    const published = all.find((m) => m.status === "minutes-published")!;
    const speakers = (await getMinutes(published.id)).flatMap((i) => i.quotes.map((q) => q.speaker));
    expect(speakers).toEqual(["Amber Field", "A member"]);
    // The public log also holds the demo consultation's actions; these are the meeting's.
    const actions = await listActionsForSource("meeting", published.id);
    expect(actions.map((a) => a.status).sort()).toEqual(["done", "in-progress", "open"]);
    const log = await listActionLog(null);
    expect(log.counts.overdue).toBeGreaterThanOrEqual(1);
    const overdueHere = actions.filter((a) => a.status !== "done" && a.status !== "not-doing" && a.dueAt < new Date());
    expect(overdueHere).toHaveLength(1);
  });
});
