// The consultation pages' actions called as Remix calls them, with a real session: the steps
// of answering (check, change, send; refused after closing with the input kept), drafting
// (add, reorder and remove questions; a help-text fix once open), the lifecycle buttons, and
// "You said, we did" with its action rows (validated by the action log's own schema).
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { actionItem } from "../../db/schema/actions";
import { consultation } from "../../db/schema/consultations";
import * as page from "~/routes/consultations.$id";
import * as edit from "~/routes/consultations.$id_.edit";
import * as answerPage from "~/routes/consultations.$id_.answer";
import * as respond from "~/routes/consultations.$id_.respond";
import * as newPage from "~/routes/consultations.new";
import { listQuestions } from "../../app/models/consultations/consultations.server";
import { closeEarly, publishResults } from "../../app/models/consultations/lifecycle.server";
import { countResponses, fieldName, getOwnAnswers } from "../../app/models/consultations/answers.server";
import { useTestDatabase } from "../db";
import { cookieFor, run, type RouteFn } from "../support/routes";
import { makeConsultationCast, openConsultation, type ConsultationCast } from "./consultations-fixtures";

useTestDatabase();

/** A form POST through the shared route runner; `form` keeps repeated fields (multiple choice). */
async function post(fn: RouteFn, path: string, params: Record<string, string>, cookie: string, form: [string, string][]) {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of form) (fields[name] ??= []).push(value);
  const outcome = await run(fn, path, { cookie, params, form: fields });
  return { ...outcome, location: outcome.headers.get("location") };
}

let cast: ConsultationCast;
beforeEach(async () => {
  cast = await makeConsultationCast();
});

describe("answering through the page", () => {
  it("check → change → send; after closing, a send is refused with the answers kept on the page", async () => {
    const drafted = await openConsultation(cast);
    const id = drafted.consultation.id;
    const [single, multiple, scale, text] = drafted.questions;
    const cookie = await cookieFor(cast.made.a1);
    const form: [string, string][] = [
      [fieldName(single.id), single.options[0].id],
      [fieldName(multiple.id), multiple.options[0].id],
      [fieldName(multiple.id), multiple.options[1].id],
      [fieldName(scale.id), "4"],
      [fieldName(text.id), "Call me on 07700 900444 please."],
    ];
    const url = `/consultations/${id}/answer`;
    const checked = await post(answerPage.action as RouteFn, url, { id }, cookie, [["intent", "check"], ...form]);
    expect(checked.data.step).toBe("check");
    expect(checked.data.pii).toEqual([{ question: 4, label: expect.any(String), text: "07700 900444" }]);
    expect(checked.data.result.initialValue[fieldName(multiple.id)]).toEqual([multiple.options[0].id, multiple.options[1].id]);
    expect(await countResponses(id)).toBe(0);
    const changed = await post(answerPage.action as RouteFn, url, { id }, cookie, [["intent", "change"], ...form]);
    expect(changed.data).toMatchObject({ step: "form", closed: null });
    const missing = await post(answerPage.action as RouteFn, url, { id }, cookie, [["intent", "check"], ...form.slice(1)]);
    expect(missing.status).toBe(400);
    expect(missing.data.result.error[fieldName(single.id)]).toEqual(["Question 1: choose an answer"]);
    const sent = await post(answerPage.action as RouteFn, url, { id }, cookie, [["intent", "submit"], ...form]);
    expect(sent).toMatchObject({ status: 302, location: `/consultations/${id}?answered=1` });
    expect(await countResponses(id)).toBe(1);

    await closeEarly(cast.moderator, id, "Closing while a member is answering");
    const late = await post(answerPage.action as RouteFn, url, { id }, cookie, [["intent", "submit"], ...form.slice(0, 4), [fieldName(text.id), "My second thoughts."]]);
    expect(late.status).toBe(409);
    expect(late.data.closed).toMatch(/^This consultation closed on/);
    expect(late.data.result.error[""][0]).toMatch(/Your answers were not saved; they are still on this page/);
    expect(late.data.result.initialValue[fieldName(text.id)]).toBe("My second thoughts.");
    expect((await getOwnAnswers(id, cast.a1.id))!.values[fieldName(text.id)]).toBe("Call me on 07700 900444 please.");
  });

  it("a member of another forum or a moderator sending answers is refused, and nothing is stored", async () => {
    const drafted = await openConsultation(cast, { forumIds: [cast.forumA.id] });
    const id = drafted.consultation.id;
    for (const who of ["b1", "moderator"] as const) {
      const res = await post(answerPage.action as RouteFn, `/consultations/${id}/answer`, { id }, await cookieFor(cast.made[who]), [["intent", "submit"], [fieldName(drafted.questions[0].id), drafted.questions[0].options[0].id]]);
      expect(res.status, who).toBe(409);
      expect(res.data.closed).toBe("Only members of the forums this consultation is for can answer it.");
    }
    expect(await countResponses(id)).toBe(0);
  });
});

describe("drafting through the pages", () => {
  it("creates a draft, adds, reorders and removes questions; once open only help text can be fixed", async () => {
    const cookie = await cookieFor(cast.made.met);
    const created = await post(newPage.action as RouteFn, "/consultations/new", {}, cookie, [
      ["title", "Letters about court dates"],
      ["summary", "Letters that say when the court date is."],
      ["proposal", "We propose to send a letter with the court date within two days of it being set."],
      ["organisation", "mopac"],
      ["forumIds", cast.forumA.id],
      ["opensDate", "2020-01-01"],
      ["opensTime", "09:00"],
      ["closesDate", "2099-01-01"],
      ["closesTime", "17:00"],
    ]);
    expect(created.status).toBe(302);
    const id = created.location!.match(/consultations\/([0-9a-f-]{36})\/edit/)![1];
    // A responder's draft is their own organisation's, whatever the form says.
    expect((await db().select().from(consultation).where(eq(consultation.id, id)))[0].organisation).toBe("met");
    const url = `/consultations/${id}/edit`;
    const add = (prompt: string, kind: string, options = "") => post(edit.action as RouteFn, url, { id }, cookie, [["intent", "add-question"], ["prompt", prompt], ["kind", kind], ["options", options], ["required", "on"], ["maxLength", "800"]]);
    expect((await add("Is a letter enough?", "single", "Yes\nNo")).status).toBe(302);
    expect((await add("What else would help?", "text")).status).toBe(302);
    const bad = await add("Which of these?", "multiple", "One\nTwo");
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.maxChoices).toEqual(["Enter the most options a member may choose"]);
    let questions = await listQuestions(id);
    expect(questions.map((q) => [q.kind, q.maxLength])).toEqual([
      ["single", null],
      ["text", 800],
    ]);
    expect((await post(edit.action as RouteFn, url, { id }, cookie, [["intent", "question-down"], ["questionId", questions[0].id]])).status).toBe(302);
    expect((await post(edit.action as RouteFn, url, { id }, cookie, [["intent", "option-down"], ["optionId", questions[0].options[0].id]])).status).toBe(302);
    questions = await listQuestions(id);
    expect(questions.map((q) => q.prompt)).toEqual(["What else would help?", "Is a letter enough?"]);
    expect(questions[1].options.map((o) => o.label)).toEqual(["No", "Yes"]);
    expect((await post(edit.action as RouteFn, url, { id }, cookie, [["intent", "remove-question"], ["questionId", questions[0].id]])).status).toBe(302);

    // Scheduling from the consultation page opens it (its opening time has passed).
    const scheduled = await post(page.action as RouteFn, `/consultations/${id}`, { id }, cookie, [["intent", "schedule"]]);
    expect(scheduled).toMatchObject({ status: 302, location: `/consultations/${id}?done=opened` });
    const [only] = await listQuestions(id);
    const refused = await post(edit.action as RouteFn, url, { id }, cookie, [["intent", "question-up"], ["questionId", only.id]]);
    expect(refused.status).toBe(409);
    expect(refused.data.result.error[""][0]).toMatch(/has opened/);
    const fixed = await post(edit.action as RouteFn, url, { id }, cookie, [["intent", "fix-help"], ["questionId", only.id], ["helpText", "Choose one answer."]]);
    expect(fixed.status).toBe(302);
    expect((await listQuestions(id))[0].helpText).toBe("Choose one answer.");
    // Closing early needs a moderator and a reason.
    const noReason = await post(page.action as RouteFn, `/consultations/${id}`, { id }, await cookieFor(cast.made.moderator), [["intent", "close-early"]]);
    expect(noReason.status).toBe(400);
    const byResponder = await post(page.action as RouteFn, `/consultations/${id}`, { id }, cookie, [["intent", "close-early"], ["reason", "We want to stop."]]);
    expect(byResponder.status).toBe(409);
  });
});

describe("'You said, we did' through the page", () => {
  it("checks the parts and each action row with the action log's schema, adds rows without JavaScript, then publishes", async () => {
    const drafted = await openConsultation(cast);
    const id = drafted.consultation.id;
    await closeEarly(cast.moderator, id, "Closing for the response test");
    await publishResults(cast.moderator, id);
    const cookie = await cookieFor(cast.made.met);
    const url = `/consultations/${id}/respond`;
    const parts: [string, string][] = [
      ["responderTitle", "Reform lead"],
      ["heard", "You told us letters come too late and name nobody."],
      ["change", "Letters will name a contact from the first of next month."],
      ["notChange", "We will not phone everyone: many asked for letters instead."],
    ];
    const more = await post(respond.action as RouteFn, url, { id }, cookie, [["intent", "add-row"], ["rows", "1"], ...parts]);
    expect(more.data.rows).toBe(2);
    expect(more.data.result.initialValue.heard).toBe(parts[1][1]);
    const bad = await post(respond.action as RouteFn, url, { id }, cookie, [
      ["intent", "publish"],
      ["rows", "2"],
      ["responderTitle", "Reform lead"],
      ["action-0-title", "Name a contact in every letter"],
      ["action-0-organisation", "met"],
      ["action-0-dueDay", "31"],
      ["action-0-dueMonth", "2"],
      ["action-0-dueYear", "2099"],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.heard).toBeTruthy();
    expect(bad.data.result.error["action-0-dueDate"]).toEqual(["The due date must be a real date, like 31 3 2027"]);
    // MOPAC cannot respond to the Met's consultation.
    expect((await post(respond.action as RouteFn, url, { id }, await cookieFor(cast.made.mopac), [["intent", "publish"], ...parts])).status).toBe(403);
    const ok = await post(respond.action as RouteFn, url, { id }, cookie, [
      ["intent", "publish"],
      ["rows", "2"],
      ...parts,
      ["action-0-title", "Name a contact in every letter"],
      ["action-0-organisation", "met"],
      ["action-0-dueDay", "31"],
      ["action-0-dueMonth", "3"],
      ["action-0-dueYear", "2099"],
    ]);
    expect(ok).toMatchObject({ status: 302, location: `/consultations/${id}?done=responded#you-said-we-did` });
    const items = await db().select().from(actionItem).where(eq(actionItem.sourceId, id));
    expect(items.map((i) => [i.title, i.organisation, i.sourceType])).toEqual([["Name a contact in every letter", "met", "consultation"]]);
  });
});
