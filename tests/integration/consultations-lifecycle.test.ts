// A consultation's lifecycle (issue 4, "Drafting and lifecycle"): drafting by responders and
// moderators, reordering, the lock once open (help-text fixes only, audited), and every move
// draft → open → closed → results published → responded, allowed and refused, with its audit
// entry and its emails. The scheduled jobs are called with a chosen `now`, twice and at once, as
// two processes would.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { actionItem } from "../../db/schema/actions";
import { consultation } from "../../db/schema/consultations";
import { notification } from "../../db/schema/notifications";
import { officialResponse } from "../../db/schema/threads";
import {
  addQuestion,
  changeQuestion,
  ConsultationEditError,
  createConsultation,
  fixHelpText,
  listQuestions,
  moveOption,
  moveQuestion,
  removeQuestion,
  updateConsultationDetails,
} from "../../app/models/consultations/consultations.server";
import {
  closeDueConsultations,
  closeEarly,
  ConsultationMoveError,
  openDueConsultations,
  publishResults,
  remindClosingConsultations,
  scheduleConsultation,
  unscheduleConsultation,
} from "../../app/models/consultations/lifecycle.server";
import { publishYouSaidWeDid } from "../../app/models/consultations/you-said-we-did.server";
import { consultationResponseDueAt } from "../../app/utils/clocks";
import { registerJobs } from "../../app/services/jobs.server";
import { registeredJobs } from "../../app/services/scheduler.server";
import { useTestDatabase } from "../db";
import { answer, auditOf, DAY, draftConsultation, HOUR, mailOfKind, makeConsultationCast, openConsultation, QUESTIONS, type ConsultationCast } from "./consultations-fixtures";

useTestDatabase();

const status = async (id: string) => (await db().select({ status: consultation.status }).from(consultation).where(eq(consultation.id, id)))[0].status;
const row = async (id: string) => (await db().select().from(consultation).where(eq(consultation.id, id)))[0];
const recipients = (mails: { toAddress: string }[]) => mails.map((m) => m.toAddress).sort();
const emailsOf = (cast: ConsultationCast, ...who: (keyof ConsultationCast["made"])[]) => who.map((w) => cast.made[w].email).sort();

const youSaidWeDid = {
  responderTitle: "Reform lead, Victim Care",
  heard: "Most of you want a letter and a named contact when a case closes.",
  change: "From January every closure letter will name a contact and a phone line.",
  notChange: "We will not phone every victim: we do not have the staff, and many asked for letters.",
  actions: [] as { title: string; details: string; organisation: "met" | "mopac" | "facilitator"; dueDate: string }[],
};

describe("drafting", () => {
  it("a responder drafts for their own organisation; a member cannot draft; another organisation's responder cannot edit it, a moderator can", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c } = await draftConsultation(cast);
    expect(c).toMatchObject({ status: "draft", organisation: "met", createdById: cast.met.id });
    const details = { title: "A better title", summary: "A summary long enough.", proposal: "The whole proposal, long enough to pass.", organisation: "mopac" as const, forumIds: [cast.forumA.id], opensAt: c.opensAt, closesAt: c.closesAt };
    await expect(createConsultation(cast.a1, details)).rejects.toThrow(ConsultationEditError);
    await expect(updateConsultationDetails(cast.mopac, c.id, details)).rejects.toThrow(/responders of the organisation/);
    await updateConsultationDetails(cast.moderator, c.id, details);
    // A moderator may set the organisation; the forums are replaced.
    expect(await row(c.id)).toMatchObject({ title: "A better title", organisation: "mopac" });
    // The Met lead can no longer edit it: it is MOPAC's proposal now.
    await expect(updateConsultationDetails(cast.met, c.id, details)).rejects.toThrow(/responders of the organisation/);
    expect((await auditOf(c.id)).map((e) => e.action)).toEqual(["consultation.create", ...QUESTIONS.map(() => "consultation.question-add"), "consultation.update"]);
  });

  it("sanitizes the proposal as posts are", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c } = await draftConsultation(cast);
    await updateConsultationDetails(cast.met, c.id, {
      title: c.title,
      summary: c.summary,
      proposal: 'Read <script>alert(1)</script> and [this](javascript:alert(2)) <img src=x onerror="alert(3)">',
      organisation: "met",
      forumIds: [cast.forumA.id],
      opensAt: c.opensAt,
      closesAt: c.closesAt,
    });
    const html = (await row(c.id)).proposalHtml;
    // Raw HTML is shown as the text typed, never as elements; the javascript: link loses its href.
    expect(html).not.toMatch(/<script|<img|<[^>]*onerror|javascript:/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("moves questions and options up and down, changes and removes questions, keeping positions 1..n", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c, questions } = await draftConsultation(cast);
    await moveQuestion(cast.met, c.id, questions[2].id, "up");
    expect((await listQuestions(c.id)).map((q) => q.prompt)).toEqual([QUESTIONS[0], QUESTIONS[2], QUESTIONS[1], QUESTIONS[3]].map((q) => q.prompt));
    // Moving the first question up does nothing.
    expect(await moveQuestion(cast.met, c.id, questions[0].id, "up")).toBe(false);
    await moveOption(cast.met, c.id, questions[0].options[2].id, "up");
    expect((await listQuestions(c.id))[0].options.map((o) => o.label)).toEqual(["Yes", "Not sure", "No"]);
    await removeQuestion(cast.met, c.id, questions[0].id);
    const after = await listQuestions(c.id);
    expect(after.map((q) => q.position)).toEqual([1, 2, 3]);
    expect(after.map((q) => q.prompt)).toEqual([QUESTIONS[2], QUESTIONS[1], QUESTIONS[3]].map((q) => q.prompt));
    await changeQuestion(cast.met, c.id, after[1].id, { ...QUESTIONS[1], options: ["One", "Two"], maxChoices: 1 });
    expect((await listQuestions(c.id))[1].options.map((o) => o.label)).toEqual(["One", "Two"]);
    const actions = (await auditOf(c.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["consultation.question-move", "consultation.option-move", "consultation.question-remove", "consultation.question-change"]));
  });

  it("cannot be scheduled while incomplete; once scheduled it cannot be edited until taken off the schedule", async () => {
    const cast = await makeConsultationCast();
    const now = new Date();
    const { consultation: c } = await draftConsultation(cast, { questions: [], opensAt: new Date(now.getTime() + DAY) });
    await expect(scheduleConsultation(cast.met, c.id, now)).rejects.toThrow(/Add at least one question/);
    await addQuestion(cast.met, c.id, QUESTIONS[0]);
    await expect(scheduleConsultation(cast.a1, c.id, now)).rejects.toThrow(ConsultationMoveError);
    expect(await scheduleConsultation(cast.met, c.id, now)).toBe("scheduled");
    expect(await status(c.id)).toBe("draft");
    await expect(addQuestion(cast.met, c.id, QUESTIONS[1])).rejects.toThrow(/Take it off the schedule/);
    await unscheduleConsultation(cast.met, c.id);
    await addQuestion(cast.met, c.id, QUESTIONS[1]);
    expect((await auditOf(c.id)).map((e) => e.action).slice(-3)).toEqual(["consultation.schedule", "consultation.unschedule", "consultation.question-add"]);
  });
});

describe("opening at its time", () => {
  it("the job opens a scheduled draft at its opening time, once, however many processes run it, and emails the target forums' members once", async () => {
    const cast = await makeConsultationCast();
    const now = new Date();
    const opensAt = new Date(now.getTime() + 2 * HOUR);
    const { consultation: c } = await draftConsultation(cast, { opensAt, now });
    // An unscheduled draft never opens by itself.
    expect(await openDueConsultations(new Date(opensAt.getTime() + HOUR))).toEqual([]);
    await scheduleConsultation(cast.met, c.id, now);
    expect(await openDueConsultations(new Date(opensAt.getTime() - 1))).toEqual([]);
    const runs = await Promise.all([openDueConsultations(opensAt), openDueConsultations(opensAt), openDueConsultations(opensAt)]);
    expect(runs.flat()).toEqual([c.id]);
    expect(await openDueConsultations(new Date(opensAt.getTime() + HOUR))).toEqual([]);
    expect(await row(c.id)).toMatchObject({ status: "open", openedAt: opensAt });
    const opens = (await auditOf(c.id)).filter((e) => e.action === "consultation.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ actorId: null, details: expect.objectContaining({ by: "schedule" }) });
    // Members of forums A and B (and the moderator, who belongs to A); not the outsider, not staff outside the forums.
    const mails = await mailOfKind("consultation");
    expect(recipients(mails)).toEqual(emailsOf(cast, "a1", "a2", "a3", "a4", "both", "b1", "moderator"));
    expect(mails[0].text).toContain(`/consultations/${c.id}`);
    const notes = await db().select().from(notification).where(eq(notification.userId, cast.a1.id));
    expect(notes).toHaveLength(1);
  });

  it("scheduling a draft whose opening time has passed opens it at once", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c } = await openConsultation(cast);
    expect(await status(c.id)).toBe("open");
    expect((await auditOf(c.id)).filter((e) => e.action === "consultation.open")[0].actorId).toBe(cast.met.id);
  });

  it("once open, nothing that changes an answer's meaning can be edited; a help-text typo can be fixed, and is audited", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c, questions } = await openConsultation(cast);
    await expect(changeQuestion(cast.met, c.id, questions[0].id, { ...QUESTIONS[0], prompt: "Something else entirely?" })).rejects.toThrow(/has opened/);
    await expect(moveQuestion(cast.moderator, c.id, questions[1].id, "up")).rejects.toThrow(/has opened/);
    await expect(removeQuestion(cast.met, c.id, questions[1].id)).rejects.toThrow(/has opened/);
    await expect(addQuestion(cast.met, c.id, QUESTIONS[0])).rejects.toThrow(/has opened/);
    await expect(fixHelpText(cast.mopac, c.id, questions[0].id, "Choose one answer.")).rejects.toThrow(/responders of the organisation/);
    expect(await fixHelpText(cast.met, c.id, questions[0].id, "Choose one answer.")).toBe(true);
    expect((await listQuestions(c.id))[0]).toMatchObject({ helpText: "Choose one answer.", prompt: QUESTIONS[0].prompt });
    const fix = (await auditOf(c.id)).find((e) => e.action === "consultation.help-text-fix");
    expect(fix).toMatchObject({ actorId: cast.met.id, details: { questionId: questions[0].id, before: "Choose one.", after: "Choose one answer." } });
  });
});

describe("closing", () => {
  it("the job closes an open consultation at its closing time, once, recording the planned time", async () => {
    const cast = await makeConsultationCast();
    const now = new Date();
    const closesAt = new Date(now.getTime() + DAY);
    const { consultation: c } = await openConsultation(cast, { closesAt, now });
    expect(await closeDueConsultations(new Date(closesAt.getTime() - 1))).toEqual([]);
    const late = new Date(closesAt.getTime() + 30_000);
    const runs = await Promise.all([closeDueConsultations(late), closeDueConsultations(late)]);
    expect(runs.flat()).toEqual([c.id]);
    expect(await row(c.id)).toMatchObject({ status: "closed", closedAt: closesAt, closedById: null });
    expect((await auditOf(c.id)).filter((e) => e.action === "consultation.close")).toHaveLength(1);
  });

  it("only a moderator can close early, with a reason that is recorded; a second close is refused by name", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c } = await openConsultation(cast);
    await expect(closeEarly(cast.met, c.id, "We want to stop now")).rejects.toThrow(/Only moderators/);
    await expect(closeEarly(cast.a1, c.id, "We want to stop now")).rejects.toThrow(/Only moderators/);
    await closeEarly(cast.moderator, c.id, "The proposal was withdrawn");
    expect(await row(c.id)).toMatchObject({ status: "closed", closedById: cast.moderator.id, closeReason: "The proposal was withdrawn" });
    expect((await auditOf(c.id)).find((e) => e.action === "consultation.close-early")).toMatchObject({ actorId: cast.moderator.id, reason: "The proposal was withdrawn" });
    await expect(closeEarly(cast.moderator2, c.id, "Again")).rejects.toThrow(/cannot be closed now: it closed on .* Nothing was changed/);
  });
});

describe("the closing-soon reminder", () => {
  it("48 hours before closing, emails once the target forums' members who have not answered, and nobody else", async () => {
    const cast = await makeConsultationCast();
    const start = new Date();
    const closesAt = new Date(start.getTime() + 5 * DAY);
    const drafted = await openConsultation(cast, { closesAt, now: start });
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, null]);
    await answer(cast.b1, drafted, ["No", ["Charge"], 2, null]);
    expect(await remindClosingConsultations(new Date(closesAt.getTime() - 49 * HOUR))).toEqual([]);
    const at = new Date(closesAt.getTime() - 47 * HOUR);
    expect((await Promise.all([remindClosingConsultations(at), remindClosingConsultations(at)])).flat()).toEqual([drafted.consultation.id]);
    expect(await remindClosingConsultations(new Date(at.getTime() + HOUR))).toEqual([]);
    // Members who have not answered; not the moderator (staff do not answer), not a1 or b1.
    expect(recipients(await mailOfKind("consultation")).filter((_, i, all) => all.indexOf(_) === i)).toEqual(emailsOf(cast, "a1", "a2", "a3", "a4", "both", "b1", "moderator"));
    const reminders = (await mailOfKind("consultation")).filter((m) => m.subject === "A consultation closes in 48 hours");
    expect(recipients(reminders)).toEqual(emailsOf(cast, "a2", "a3", "a4", "both"));
    expect((await auditOf(drafted.consultation.id)).filter((e) => e.action === "consultation.remind")).toHaveLength(1);
  });

  it("is not sent for a consultation that opened less than a day before", async () => {
    const cast = await makeConsultationCast();
    const now = new Date();
    await openConsultation(cast, { closesAt: new Date(now.getTime() + 30 * HOUR), now });
    expect(await remindClosingConsultations(new Date(now.getTime() + HOUR))).toEqual([]);
  });
});

describe("results and the response", () => {
  it("publishes results only once closed, then takes 'You said, we did' from the proposing organisation only, creating action items", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    const id = drafted.consultation.id;
    await expect(publishResults(cast.moderator, id)).rejects.toThrow(/cannot have its results published now: it is still open/);
    await expect(publishYouSaidWeDid(cast.met, id, youSaidWeDid)).rejects.toThrow(/once the consultation has closed and its results are published/);
    await closeEarly(cast.moderator, id, "Enough answers in");
    await expect(publishResults(cast.met, id)).rejects.toThrow(/Only moderators/);
    await expect(publishYouSaidWeDid(cast.met, id, youSaidWeDid)).rejects.toThrow(/results are published/);
    await publishResults(cast.moderator, id);
    await expect(publishResults(cast.moderator2, id)).rejects.toThrow(/already published/);
    expect(recipients(await mailOfKind("consultation-results"))).toEqual(emailsOf(cast, "a1", "a2", "a3", "a4", "both", "b1", "moderator"));

    await expect(publishYouSaidWeDid(cast.mopac, id, youSaidWeDid)).rejects.toThrow(/Only the organisation whose proposal/);
    await expect(publishYouSaidWeDid(cast.moderator, id, youSaidWeDid)).rejects.toThrow(/Only Met and MOPAC responders/);
    const due = "2099-03-31";
    const { response, actions } = await publishYouSaidWeDid(cast.met, id, {
      ...youSaidWeDid,
      actions: [
        { title: "Name a contact in every closure letter", details: "", organisation: "met", dueDate: due },
        { title: "Report quarterly on closure letters", details: "To the forum", organisation: "mopac", dueDate: due },
      ],
    });
    expect(response).toMatchObject({ targetType: "consultation", targetId: id, organisation: "met", threadId: null });
    expect(response.bodyHtml).toContain("What will change");
    expect(await status(id)).toBe("responded");
    const items = await db().select().from(actionItem).where(and(eq(actionItem.sourceType, "consultation"), eq(actionItem.sourceId, id)));
    expect(items.map((i) => i.organisation).sort()).toEqual(["met", "mopac"]);
    expect(actions).toHaveLength(2);
    expect((await db().select().from(officialResponse).where(eq(officialResponse.targetId, id))).length).toBe(1);
    await expect(publishYouSaidWeDid(cast.met, id, youSaidWeDid)).rejects.toThrow(/already been responded to/);
    expect((await mailOfKind("consultation-results")).filter((m) => m.subject.startsWith("You said, we did"))).toHaveLength(7);
    expect((await auditOf(id)).map((e) => e.action).slice(-3)).toEqual(["consultation.close-early", "consultation.publish-results", "consultation.respond"]);
  });

  it("is due 12 weeks after closing", () => {
    expect(consultationResponseDueAt(new Date("2026-01-05T12:00:00Z")).toISOString()).toBe("2026-03-30T12:00:00.000Z");
  });

  it("refuses every move from a status it does not start from", async () => {
    const cast = await makeConsultationCast();
    const { consultation: c } = await draftConsultation(cast, { opensAt: new Date(Date.now() + DAY) });
    await expect(closeEarly(cast.moderator, c.id, "Too soon to close")).rejects.toThrow(/cannot be closed now: it has not opened yet/);
    await expect(publishResults(cast.moderator, c.id)).rejects.toThrow(/it has not opened yet/);
    await expect(publishYouSaidWeDid(cast.met, c.id, youSaidWeDid)).rejects.toThrow(/results are published/);
    expect(await status(c.id)).toBe("draft");
  });
});

describe("the scheduler", () => {
  it("registerJobs registers the consultations' three jobs once", () => {
    registerJobs();
    registerJobs();
    expect(registeredJobs().filter((j) => j.name.startsWith("consultations:")).map((j) => j.name)).toEqual([
      "consultations: open scheduled drafts",
      "consultations: close at closing time",
      "consultations: closing-soon reminders",
    ]);
  });
});
