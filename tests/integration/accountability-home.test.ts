// The home page's signed-in parts: each member sees what awaits them — open consultations they
// have not answered, draft minutes they may review, their own posts still with the moderators —
// and nobody else's.
import { db } from "../../db/client";
import { consultationResponse } from "../../db/schema/consultations";
import { meetingRsvp } from "../../db/schema/meetings";
import { respondentKey } from "~/models/consultations/answers.server";
import { sealForumSet } from "~/models/consultations/forum-sets.server";
import { listNextMeetingsFor, listOpenConsultationsFor, memberToDo } from "~/models/accountability/home.server";
import { asCurrentUser, makeUser } from "../factories";
import { useTestDatabase } from "../db";
import { makeAccountabilityFixture, NOW, SECRETS, type AccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

let fx: AccountabilityFixture;
beforeEach(async () => {
  fx = await makeAccountabilityFixture();
});

describe("what awaits a member", () => {
  it("lists their unanswered consultations, minutes to review and posts waiting", async () => {
    // The member said they were going to the meeting whose minutes are now in review.
    await db().insert(meetingRsvp).values({ meetingId: fx.meetings.m3.id, userId: fx.people.member.id, response: "going" });
    const toDo = await memberToDo(fx.people.member, NOW);
    expect(toDo.consultationsToAnswer.map((c) => c.title)).toEqual([SECRETS.openConsultationTitle]);
    expect(toDo.minutesToReview.map((m) => m.title)).toEqual([SECRETS.reviewMeetingTitle]);
    expect(toDo.postsAwaiting.map((p) => [p.threadId, p.status])).toEqual([[fx.threads.t2.id, "pending"]]);

    // Once answered, a consultation leaves the list; after the review window, so do the minutes.
    await db().insert(consultationResponse).values({ consultationId: fx.consultations.c3.id, respondentKey: respondentKey(fx.consultations.c3.id, fx.people.member.id), forumSet: sealForumSet(fx.consultations.c3.id, [fx.forums.publicForum.id]) });
    const later = await memberToDo(fx.people.member, new Date("2026-10-21T09:00:00Z"));
    expect(later.consultationsToAnswer).toEqual([]);
    expect(later.minutesToReview).toEqual([]);
    expect((await listOpenConsultationsFor(fx.people.member)).map((c) => c.answered)).toEqual([true]);
  });

  it("shows another member nothing of theirs", async () => {
    const author = await memberToDo(fx.people.author, NOW);
    expect(author.postsAwaiting).toEqual([]); // the author's posts were all approved
    expect(author.minutesToReview).toEqual([]); // did not attend
    expect(author.consultationsToAnswer.map((c) => c.id)).toEqual([fx.consultations.c3.id]);
    const outsider = asCurrentUser(await makeUser(db(), { name: "Outsider" }));
    expect(await memberToDo(outsider, NOW)).toEqual({ consultationsToAnswer: [], minutesToReview: [], postsAwaiting: [] });
    expect(await listNextMeetingsFor(outsider, NOW)).toEqual([]);
  });

  it("lists the next meetings of the member's forums, with their own answer", async () => {
    await db().insert(meetingRsvp).values({ meetingId: fx.meetings.m4.id, userId: fx.people.member.id, response: "maybe" });
    const meetings = await listNextMeetingsFor(fx.people.member, NOW);
    expect(meetings.map((m) => [m.title, m.ownRsvp])).toEqual([[SECRETS.futureMeetingTitle, "maybe"]]);
    expect((await listNextMeetingsFor(fx.people.author, NOW)).map((m) => m.ownRsvp)).toEqual([null]);
  });
});
