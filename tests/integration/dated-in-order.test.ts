// Issue 12: impossible records are refused where they are written. An action is not done, and
// a thread or a consultation is not answered, before it existed; the refusal says so in plain
// words and changes nothing, and the database's CHECK constraints hold the same rules for
// anything that bypasses the models.
import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { actionItem, actionUpdate } from "../../db/schema/actions";
import { consultation } from "../../db/schema/consultations";
import { thread } from "../../db/schema/threads";
import { officialResponse } from "../../db/schema/threads";
import { ActionDatedBeforeError, updateActionItem } from "~/models/actions/action-items.server";
import { closeEarly, ConsultationDatedBeforeError, publishResults } from "~/models/consultations/lifecycle.server";
import { publishYouSaidWeDid } from "~/models/consultations/you-said-we-did.server";
import { markForResponse, publishThreadResponse, ResponseDatedBeforeError } from "~/models/threads/official-responses.server";
import { PostingError, startThread } from "~/models/threads/threads.server";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { asCurrentUser, makeForum, makeUser } from "../factories";
import { useTestDatabase } from "../db";
import { DAY, HOUR, makeMeetingCast, meetingIn } from "./meetings-fixtures";
import { makeConsultationCast, openConsultation } from "./consultations-fixtures";

useTestDatabase();

const T0 = new Date("2026-09-24T17:00:00Z");

describe("an action", () => {
  it("cannot be done, dropped or updated before it was agreed: refused in words, nothing changed", async () => {
    const cast = await makeMeetingCast();
    const m = await meetingIn(cast, "minutes-published", { now: T0, actions: [{ title: "Send every closure letter with a named contact", organisation: "met", dueDate: "2026-11-30" }] });
    const [action] = await db().select().from(actionItem).where(eq(actionItem.sourceId, m.id));
    const before = new Date(action.createdAt.getTime() - DAY);
    const complete = { kind: "complete" as const, evidence: "https://www.example.org/letters", note: "Done." };
    await expect(updateActionItem({ actionItemId: action.id, actor: cast.met, move: complete, now: before })).rejects.toThrow(ActionDatedBeforeError);
    await expect(updateActionItem({ actionItemId: action.id, actor: cast.met, move: { kind: "drop", reason: "We decided against it after all." }, now: before })).rejects.toThrow(
      /cannot be dated before it was agreed \(\d+ \w+ 2026\)\. Nothing was changed/,
    );
    const [unchanged] = await db().select().from(actionItem).where(eq(actionItem.id, action.id));
    expect(unchanged).toMatchObject({ status: "open", completedAt: null });
    expect(await db().select().from(actionUpdate).where(eq(actionUpdate.actionItemId, action.id))).toEqual([]);

    // Done after it was agreed: 45 London days, as the dashboard will count it.
    const done = await updateActionItem({ actionItemId: action.id, actor: cast.met, move: complete, now: new Date("2026-11-08T12:00:00Z") });
    expect(done.status).toBe("done");
    // Written around the model, the database refuses it too.
    await expect(db().update(actionItem).set({ completedAt: new Date(action.createdAt.getTime() - HOUR) }).where(eq(actionItem.id, action.id))).rejects.toThrow();
  });
});

describe("a thread", () => {
  async function publishedThread() {
    const forum = await makeForum(db(), {});
    const author = asCurrentUser(await makeUser(db(), { forumIds: [forum.id] }));
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator", forumIds: [forum.id] }));
    const met = asCurrentUser(await makeUser(db(), { role: "responder", organisation: "met" }));
    const started = await startThread(author, { forumId: forum.id, title: "Nobody told me my case was closed", visibility: "public", body: "I found out months later when I rang.", contentWarnings: [], atRisk: false }, T0);
    await transitionPost({ postId: started.post.id, actor: moderator, transition: { kind: "approve" }, now: new Date(T0.getTime() + HOUR) });
    return { thread: started.thread, moderator, met };
  }
  const response = { body: "From January every closure letter will name a contact.", responderTitle: "Reform lead, Victim Care" };

  it("cannot be answered, or marked for a response, before it was started", async () => {
    const { thread: t, moderator, met } = await publishedThread();
    const before = new Date(T0.getTime() - DAY);
    await expect(publishThreadResponse(met, { threadId: t.id, ...response }, before)).rejects.toThrow(ResponseDatedBeforeError);
    await expect(markForResponse(moderator, { threadId: t.id, organisation: "met" }, before)).rejects.toThrow(/cannot be dated before the thread was started/);
    expect(await db().select().from(officialResponse).where(eq(officialResponse.targetId, t.id))).toEqual([]);
    const [row] = await db().select().from(thread).where(eq(thread.id, t.id));
    expect(row.responseRequestedAt).toBeNull();
    await expect(db().update(thread).set({ responseRequestedAt: before, responseOrganisation: "met" }).where(eq(thread.id, t.id))).rejects.toThrow();
  });

  it("is not asked for a response its organisation has already given (the answer would come before the request)", async () => {
    const { thread: t, moderator, met } = await publishedThread();
    await publishThreadResponse(met, { threadId: t.id, ...response }, new Date(T0.getTime() + 2 * DAY));
    await expect(markForResponse(moderator, { threadId: t.id, organisation: "met" }, new Date(T0.getTime() + 3 * DAY))).rejects.toThrow(PostingError);
    await expect(markForResponse(moderator, { threadId: t.id, organisation: "met" }, new Date(T0.getTime() + 3 * DAY))).rejects.toThrow(/already responded to this thread on/);
    // MOPAC has not answered: it may be asked.
    await markForResponse(moderator, { threadId: t.id, organisation: "mopac" }, new Date(T0.getTime() + 3 * DAY));
  });
});

describe("a consultation", () => {
  it("is not closed before it opened, its results not published before it closed, nor answered before its results", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast, { now: T0 });
    const id = drafted.consultation.id;
    await expect(closeEarly(cast.moderator, id, "Closing before it opened", new Date(T0.getTime() - DAY))).rejects.toThrow(ConsultationDatedBeforeError);
    const closedAt = new Date(T0.getTime() + 3 * DAY);
    await closeEarly(cast.moderator, id, "Enough answers in", closedAt);
    await expect(publishResults(cast.moderator, id, new Date(closedAt.getTime() - HOUR))).rejects.toThrow(/Publishing the results cannot be dated .* that is before .* Nothing was changed/);
    expect((await db().select().from(consultation).where(eq(consultation.id, id)))[0]).toMatchObject({ status: "closed", resultsPublishedAt: null });
    const resultsAt = new Date(closedAt.getTime() + DAY);
    await publishResults(cast.moderator, id, resultsAt);
    const answer = { responderTitle: "Reform lead", heard: "You asked for letters.", change: "Letters will name a contact.", notChange: "We cannot phone everyone.", actions: [] };
    await expect(publishYouSaidWeDid(cast.met, id, answer, new Date(resultsAt.getTime() - HOUR))).rejects.toThrow(ConsultationDatedBeforeError);
    expect(await db().select().from(officialResponse).where(eq(officialResponse.targetId, id))).toEqual([]);
    await publishYouSaidWeDid(cast.met, id, answer, new Date(resultsAt.getTime() + DAY));
    // The database holds the same order.
    await expect(db().execute(sql`update consultation set results_published_at = closed_at - interval '1 hour' where id = ${id}`)).rejects.toThrow();
    await expect(db().execute(sql`update consultation set responded_at = results_published_at - interval '1 hour' where id = ${id}`)).rejects.toThrow();
  });
});
