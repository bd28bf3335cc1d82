// Answering (issue 4, "Answering"): who may answer (members of a target forum, nobody else),
// what a valid answer is, changing answers until closing, a clean refusal after closing, and
// one response per member under a burst of concurrent submissions (the UNIQUE constraint plus
// an upsert), including submissions racing a close.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consultationAnswer, consultationResponse, consultationTextAnswer } from "../../db/schema/consultations";
import { outbox } from "../../db/schema/outbox";
import { closeDueConsultations, closeEarly } from "../../app/models/consultations/lifecycle.server";
import { decideConsultationAnswer } from "../../app/models/consultations/answer-review.server";
import {
  AnswerRefusedError,
  AnswerValidationError,
  answeredConsultationIds,
  countResponses,
  fieldName,
  getOwnAnswers,
  respondentKey,
  submitResponse,
} from "../../app/models/consultations/answers.server";
import { makeUser } from "../factories";
import { asCurrentUser } from "../factories";
import { openForumSet } from "~/models/consultations/forum-sets.server";
import { useTestDatabase } from "../db";
import { answer, answerValues, DAY, draftConsultation, makeConsultationCast, openConsultation, textAnswers, type Person } from "./consultations-fixtures";

useTestDatabase();

/** Answer values with lists in a fixed order (the order of chosen options does not matter). */
const sorted = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe("who may answer", () => {
  it("members of a target forum may; members of other forums, staff and drafts are refused by name", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast, { forumIds: [cast.forumA.id] });
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, null]);
    for (const who of [cast.outsider, cast.b1]) {
      const e = await refusal(answer(who, drafted, ["Yes", ["Arrest"], 4, null]));
      expect(e).toBeInstanceOf(AnswerRefusedError);
      expect((e as AnswerRefusedError).reason).toBe("not-eligible");
      expect((e as Error).message).toBe("Only members of the forums this consultation is for can answer it.");
    }
    // The moderator belongs to forum A, but staff never answer: they would see their own answer in the aggregates.
    for (const who of [cast.moderator, cast.met, cast.admin]) {
      expect(await refusal(answer(who, drafted, ["Yes", ["Arrest"], 4, null]))).toMatchObject({ reason: "not-eligible" });
    }
    const draft = await draftConsultation(cast, { opensAt: new Date(Date.now() + DAY) });
    expect(await refusal(answer(cast.a1, draft, ["Yes", ["Arrest"], 4, null]))).toMatchObject({ reason: "not-open" });
    expect(await countResponses(drafted.consultation.id)).toBe(1);
  });

  it("records which of the target forums the member belongs to, for the per-forum breakdown, sealed so that it singles out no one, and no person", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    await answer(cast.both, drafted, ["Yes", ["Arrest"], 4, null]);
    await answer(cast.a1, drafted, ["No", ["Arrest"], 2, null]);
    const all = await db().select().from(consultationResponse).where(eq(consultationResponse.consultationId, drafted.consultation.id));
    const rows = all.filter((r) => r.respondentKey === respondentKey(drafted.consultation.id, cast.both.id));
    expect(rows).toHaveLength(1);
    expect(openForumSet(drafted.consultation.id, rows[0].forumSet).sort()).toEqual([cast.forumA.id, cast.forumB.id].sort());
    // Without the secret the column says nothing: no forum id, and the member of two forums and
    // the member of one have sealed sets of the same length.
    for (const forumId of [cast.forumA.id, cast.forumB.id]) expect(JSON.stringify(all)).not.toContain(forumId);
    expect(new Set(all.map((r) => r.forumSet.length)).size).toBe(1);
    expect(() => openForumSet(crypto.randomUUID(), rows[0].forumSet)).toThrow();
    expect(Object.keys(rows[0]).sort()).toEqual(["consultationId", "forumSet", "id", "respondentKey", "revision"]);
    expect(JSON.stringify(rows)).not.toContain(cast.both.id);
    expect(rows[0].respondentKey).toBe(respondentKey(drafted.consultation.id, cast.both.id));
    expect(rows[0].respondentKey).not.toBe(respondentKey(drafted.consultation.id, cast.a1.id));
  });
});

describe("what a valid answer is", () => {
  it("refuses missing required answers, too many choices, unknown options, a scale outside 1–5 and text over its limit, naming the question", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    const [single, multiple, scale, text] = drafted.questions;
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, fieldName(single.id), "Question 1: choose an answer"],
      [{ [fieldName(multiple.id)]: multiple.options.slice(0, 3).map((o) => o.id) }, fieldName(multiple.id), "Question 2: choose no more than 2 options"],
      [{ [fieldName(single.id)]: multiple.options[0].id }, fieldName(single.id), "Question 1: choose one of the options"],
      [{ [fieldName(scale.id)]: "6" }, fieldName(scale.id), "Question 3: choose a number from 1 to 5"],
      [{ [fieldName(text.id)]: "x".repeat(501) }, fieldName(text.id), "Question 4: your answer must be 500 characters or fewer"],
    ];
    const valid = answerValues(drafted.questions, ["Yes", ["Arrest"], 3, null]);
    for (const [change, field, message] of cases) {
      const values = Object.keys(change).length ? { ...valid, ...change } : { ...valid, [field]: undefined };
      const e = await refusal(submitResponse(cast.a1, { consultationId: drafted.consultation.id, values: values as Record<string, string> }));
      expect(e, message).toBeInstanceOf(AnswerValidationError);
      expect((e as AnswerValidationError).fieldErrors[field]).toContain(message);
    }
    expect(await countResponses(drafted.consultation.id)).toBe(0);
    // The written answer is optional.
    await submitResponse(cast.a1, { consultationId: drafted.consultation.id, values: valid });
    expect(await countResponses(drafted.consultation.id)).toBe(1);
  });
});

describe("changing answers", () => {
  it("a second submission replaces the first: one response, the new answers; an unchanged written answer keeps its decision, a changed one is reviewed again", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    const id = drafted.consultation.id;
    expect(await answer(cast.a1, drafted, ["Yes", ["Arrest", "Charge"], 5, "Letters help."])).toMatchObject({ created: true, responses: 1 });
    const [written] = await textAnswers(id);
    await decideConsultationAnswer(cast.moderator, written.id, { intent: "approve", version: written.version });
    // A change is not a new response: no count is worked out for the live room.
    expect(await answer(cast.a1, drafted, ["No", ["Court date"], 2, "Letters help."])).toEqual({ created: false, responses: null });
    expect((await textAnswers(id))[0]).toMatchObject({ status: "approved", body: "Letters help." });
    const own = await getOwnAnswers(id, cast.a1.id);
    expect(sorted(own!.values)).toEqual(sorted(answerValues(drafted.questions, ["No", ["Court date"], 2, "Letters help."])));
    await answer(cast.a1, drafted, ["No", ["Court date"], 2, "Letters help, and a phone call."]);
    expect((await textAnswers(id))[0]).toMatchObject({ status: "pending", reviewKind: "edited", body: "Letters help, and a phone call.", decidedById: null });
    await answer(cast.a1, drafted, ["No", ["Court date"], 2, null]);
    expect(await textAnswers(id)).toEqual([]);
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(consultationResponse).where(eq(consultationResponse.consultationId, id));
    expect(n).toBe(1);
    expect(await answeredConsultationIds(cast.a1.id, [id])).toEqual(new Set([id]));
    expect(await answeredConsultationIds(cast.a2.id, [id])).toEqual(new Set());
  });

  it("a written answer entering the review queue emails moderators, batched with posts: one email per 15 minutes", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    const queueMails = () =>
      db()
        .select()
        .from(outbox)
        .where(and(eq(outbox.toAddress, cast.made.moderator.email), eq(outbox.kind, "review-queue")));
    const start = Date.now();
    // Choices only: nothing new for moderators to review.
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, null], new Date(start));
    expect(await queueMails()).toHaveLength(0);
    await answer(cast.a2, drafted, ["Yes", ["Arrest"], 4, "A named officer to call."], new Date(start + 60_000));
    const [mail] = await queueMails();
    expect(mail).toMatchObject({ subject: "New items in the review queue" });
    // Another written answer in the same 15 minutes joins that email's batch.
    await answer(cast.a3, drafted, ["No", ["Charge"], 2, "Updates by text."], new Date(start + 5 * 60_000));
    expect(await queueMails()).toHaveLength(1);
    // A changed written answer after the batch has ended starts another.
    await answer(cast.a2, drafted, ["Yes", ["Arrest"], 4, "A named officer to call, please."], new Date(start + 20 * 60_000));
    expect(await queueMails()).toHaveLength(2);
  });

  it("after closing, answers are refused with a clear message and nothing stored changes — also in the minute before the closing job runs", async () => {
    const cast = await makeConsultationCast();
    const now = new Date();
    const closesAt = new Date(now.getTime() + DAY);
    const drafted = await openConsultation(cast, { closesAt, now });
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, "First thoughts."]);
    const before = await db().select().from(consultationAnswer);
    // The closing time has passed but the job has not run yet.
    const late = await refusal(answer(cast.a1, drafted, ["No", ["Charge"], 1, "Second thoughts."], new Date(closesAt.getTime() + 1000)));
    expect(late).toMatchObject({ reason: "closed" });
    expect((late as Error).message).toMatch(/^This consultation closed on .+\. Answers can no longer be sent or changed\.$/);
    await closeDueConsultations(new Date(closesAt.getTime() + 1000));
    expect(await refusal(answer(cast.a2, drafted, ["No", ["Charge"], 1, null], new Date(closesAt.getTime() + 2000)))).toMatchObject({ reason: "closed" });
    expect(await db().select().from(consultationAnswer)).toEqual(before);
    expect((await textAnswers(drafted.consultation.id))[0].body).toBe("First thoughts.");
  });
});

describe("one response per member under a burst", () => {
  it("200 concurrent submissions from 100 members leave exactly 100 responses, each member's being one of theirs, with no errors", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast, { forumIds: [cast.forumA.id] });
    const members: Person[] = [];
    for (let i = 0; i < 100; i++) members.push(asCurrentUser(await makeUser(db(), { name: `Burst member ${i}`, forumIds: [cast.forumA.id] })));
    // Each member sends two different responses at the same moment (two tabs).
    const first = (i: number) => ["Yes", ["Arrest"], (i % 5) + 1, null];
    const second = (i: number) => ["No", ["Charge", "Court date"], 5 - (i % 5), `Second tab of member ${i}`];
    const submissions = members.flatMap((m, i) => [answer(m, drafted, first(i)), answer(m, drafted, second(i))]);
    const results = await Promise.allSettled(submissions);
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const created = results.filter((r) => r.status === "fulfilled" && r.value.created).length;
    expect(created).toBe(100);
    expect(await countResponses(drafted.consultation.id)).toBe(100);
    // Each member's stored answers are exactly one of the two they sent, never a mixture.
    for (const [i, m] of members.entries()) {
      const own = await getOwnAnswers(drafted.consultation.id, m.id);
      const candidates = [first(i), second(i)].map((a) => sorted(answerValues(drafted.questions, a)));
      expect(candidates, m.name).toContainEqual(sorted(own!.values));
    }
    const [{ rows }] = await db()
      .select({ rows: sql<number>`count(*)::int` })
      .from(consultationAnswer)
      .innerJoin(consultationResponse, eq(consultationResponse.id, consultationAnswer.responseId))
      .where(eq(consultationResponse.consultationId, drafted.consultation.id));
    const written = await db().select().from(consultationTextAnswer).where(eq(consultationTextAnswer.consultationId, drafted.consultation.id));
    // Per response: one single + one or two multiple + one scale rows; a written answer only with the second tab.
    const secondWon = written.length;
    expect(rows).toBe((100 - secondWon) * 3 + secondWon * 4);
  });

  it("submissions racing a moderator's early close are either counted or refused as closed, never lost silently", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast, { forumIds: [cast.forumA.id] });
    const members: Person[] = [];
    for (let i = 0; i < 40; i++) members.push(asCurrentUser(await makeUser(db(), { name: `Racing member ${i}`, forumIds: [cast.forumA.id] })));
    const submissions = members.map((m) => answer(m, drafted, ["Yes", ["Arrest"], 3, null]));
    const close = closeEarly(cast.moderator, drafted.consultation.id, "Closing while people answer");
    const results = await Promise.allSettled([...submissions, close]);
    expect(results[results.length - 1].status).toBe("fulfilled");
    const answered = results.slice(0, -1);
    for (const r of answered) if (r.status === "rejected") expect(r.reason).toMatchObject({ reason: "closed" });
    const accepted = answered.filter((r) => r.status === "fulfilled").length;
    expect(await countResponses(drafted.consultation.id)).toBe(accepted);
  });
});
