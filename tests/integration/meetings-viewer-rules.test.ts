// What a meeting's page tells each viewer, as the meetings model decides it: who reads a
// co-chair's name (a member co-chair is named to the public only with their consent), and who is
// offered the calendar file (the forum's members and staff, while the meeting is to come).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { meetingCoChair } from "../../db/schema/meetings";
import { A_MEMBER, getMeetingForViewer, listCoChairNamesForViewer, scheduleMeeting, transitionMeeting, type MeetingViewer } from "~/models/meetings/meetings.server";
import { setNamingConsent } from "~/models/meetings/minutes.server";
import * as meetingPage from "~/routes/meetings.$id._index";
import { useTestDatabase } from "../db";
import { cookieFor, DAY, makeMeetingCast, meetingIn, meetingInput, run } from "./meetings-fixtures";

useTestDatabase();

async function namesFor(meetingId: string, viewer: MeetingViewer) {
  const m = await getMeetingForViewer(meetingId, viewer);
  if (!m) throw new Error("the viewer cannot see this meeting");
  return listCoChairNamesForViewer(m);
}

describe("co-chairs' names", () => {
  it("the public reads a member co-chair's name only with their consent; the forum's members and staff read every name; a deleted account is 'A member' to all", async () => {
    const cast = await makeMeetingCast();
    // Alice and Bob answered "going", so they may consent to be named; Bob does, Alice does not.
    const m = await meetingIn(cast, "minutes-review");
    await db().insert(meetingCoChair).values([cast.alice, cast.bob, cast.moderator].map((p) => ({ meetingId: m.id, userId: p.id })));
    await setNamingConsent({ meetingId: m.id, actor: cast.bob, consent: true });
    await transitionMeeting({ meetingId: m.id, actor: cast.moderator, move: { kind: "publish", early: true } });

    // Sorted by name: Alice, Bob, then the moderator.
    const everyName = [cast.alice.name, cast.bob.name, cast.moderator.name];
    expect(await namesFor(m.id, null)).toEqual([A_MEMBER, cast.bob.name, cast.moderator.name]);
    expect(await namesFor(m.id, cast.outsider)).toEqual([A_MEMBER, cast.bob.name, cast.moderator.name]);
    expect(await namesFor(m.id, cast.carol)).toEqual(everyName);
    expect(await namesFor(m.id, cast.met)).toEqual(everyName);
    expect(await namesFor(m.id, cast.admin)).toEqual(everyName);

    // The page shows what the model decided, signed out and signed in.
    const signedOut = await run(meetingPage.loader, `/meetings/${m.id}`, { params: { id: m.id } });
    expect(signedOut.data.coChairs).toEqual([A_MEMBER, cast.bob.name, cast.moderator.name]);
    const asCarol = await run(meetingPage.loader, `/meetings/${m.id}`, { cookie: await cookieFor(cast.made.carol), params: { id: m.id } });
    expect(asCarol.data.coChairs).toEqual(everyName);

    await db().update(user).set({ deletedAt: new Date() }).where(eq(user.id, cast.bob.id));
    expect(await namesFor(m.id, null)).toEqual([A_MEMBER, A_MEMBER, cast.moderator.name]);
    expect(await namesFor(m.id, cast.carol)).toEqual([cast.alice.name, A_MEMBER, cast.moderator.name]);
  });
});

describe("the calendar file", () => {
  it("is offered to the forum's members and staff while the meeting is to come; after it, the file stays theirs but is no longer offered", async () => {
    const cast = await makeMeetingCast();
    const now = new Date();
    const m = await scheduleMeeting(cast.moderator, { ...meetingInput(new Date(now.getTime() + 5 * DAY)), forumId: cast.forum.id }, now);
    for (const who of [cast.alice, cast.moderator, cast.met, cast.admin]) {
      expect((await getMeetingForViewer(m.id, who))?.access, who.name).toMatchObject({ canDownloadCalendar: true, offersCalendar: true });
    }
    // Someone outside the forum does not see a meeting that is to come at all.
    expect(await getMeetingForViewer(m.id, cast.outsider)).toBeNull();
    const page = await run(meetingPage.loader, `/meetings/${m.id}`, { cookie: await cookieFor(cast.made.alice), params: { id: m.id } });
    expect(page.data.access.offersCalendar).toBe(true);

    const held = await meetingIn(cast, "minutes-published");
    expect((await getMeetingForViewer(held.id, cast.alice))?.access).toMatchObject({ canDownloadCalendar: true, offersCalendar: false });
    for (const who of [null, cast.outsider]) {
      expect((await getMeetingForViewer(held.id, who))?.access).toMatchObject({ canDownloadCalendar: false, offersCalendar: false });
    }
    const signedOut = await run(meetingPage.loader, `/meetings/${held.id}`, { params: { id: held.id } });
    expect(signedOut.data.access.offersCalendar).toBe(false);
  });
});
