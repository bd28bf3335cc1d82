// Results (issue 4, "Results and privacy"): every aggregate against figures worked out by hand,
// small-number suppression by forum, written answers only once approved, who may see results
// when, and the CSV and JSON downloads (aggregates only).
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { decideConsultationAnswer } from "../../app/models/consultations/answer-review.server";
import { cachedResults, canSeeResults, computeResults, FIGURE_HIDDEN_NOTE, FORUM_HIDDEN_NOTE, loadRespondents, percent, resultsCsv, resultsJson, SMALL_NUMBER_THRESHOLD } from "../../app/models/consultations/results.server";
import { getConsultationForViewer } from "../../app/models/consultations/consultations.server";
import { useTestDatabase } from "../db";
import { closedConsultation, makeConsultationCast, textAnswers, type Answers, type ConsultationCast, type Person } from "./consultations-fixtures";

useTestDatabase();

/**
 * Six responses. Forum A: a1, a2, a3, a4, both (5 ≥ 5: shown). Forum B: both, b1 (2 < 5:
 * suppressed). Worked out by hand below.
 */
function fixture(cast: ConsultationCast): [Person, Answers][] {
  return [
    [cast.a1, ["Yes", ["Arrest", "Charge"], 5, "Letters are good."]],
    [cast.a2, ["Yes", ["Charge"], 4, null]],
    [cast.a3, ["No", ["Court date", "Case closed"], 2, "Far too slow. Call me on 07700 900123."]],
    [cast.a4, ["Not sure", ["Arrest"], 3, null]],
    [cast.both, ["Yes", ["Arrest", "Court date"], 4, "Name a contact."]],
    [cast.b1, ["No", ["Case closed"], 1, null]],
  ];
}

async function setUp(options: { publish?: boolean } = {}) {
  const cast = await makeConsultationCast();
  const drafted = await closedConsultation(cast, fixture(cast), options);
  const forums = [
    { id: cast.forumA.id, name: cast.forumA.name },
    { id: cast.forumB.id, name: cast.forumB.name },
  ];
  return { cast, drafted, forums, id: drafted.consultation.id };
}

const opts = (results: Awaited<ReturnType<typeof computeResults>>, n: number) => results.questions[n].options.map((o) => [o.label, o.count, o.percent]);

/** What the records hold, before the small-number rule: [label, count, percent of answered] per option. */
async function tallies(id: string, n: number) {
  const { questions, suppressionQuestions, respondents } = await loadRespondents(id);
  const q = suppressionQuestions[n];
  const answered = respondents.filter((p) => p.answers.get(q.id)?.length).length;
  const labels = questions[n].kind === "scale" ? ["1 – Strongly disagree", "2", "3", "4", "5 – Strongly agree"] : questions[n].options.map((o) => o.label);
  return {
    answered,
    options: q.values.map((v, i) => {
      const count = respondents.filter((p) => p.answers.get(q.id)?.includes(v)).length;
      return [labels[i], count, percent(count, answered)];
    }),
  };
}

describe("aggregates", () => {
  it("counts and percentages per option, the scale's distribution and mean, and the respondent count match the hand-computed figures", async () => {
    const { id, forums } = await setUp();
    const r = await computeResults(id, forums);
    expect(r.respondents).toBe(6);
    expect((await loadRespondents(id)).respondents).toHaveLength(6);
    // Q1 (single): Yes 3, No 2, Not sure 1 of 6.
    expect(r.questions[0].answered).toBe(6);
    expect((await tallies(id, 0)).options).toEqual([
      ["Yes", 3, 50],
      ["No", 2, 33.3],
      ["Not sure", 1, 16.7],
    ]);
    // Q2 (multiple, up to 2): Arrest 3, Charge 2, Court date 2, Case closed 2 of 6 people (sums past 100%).
    expect(r.questions[1].answered).toBe(6);
    expect((await tallies(id, 1)).options).toEqual([
      ["Arrest", 3, 50],
      ["Charge", 2, 33.3],
      ["Court date", 2, 33.3],
      ["Case closed", 2, 33.3],
    ]);
    // Q3 (scale): 1,2,3,4,4,5 → one each of 1, 2, 3, 5 and two 4s; mean 19/6 = 3.17.
    expect((await tallies(id, 2)).options).toEqual([
      ["1 – Strongly disagree", 1, 16.7],
      ["2", 1, 16.7],
      ["3", 1, 16.7],
      ["4", 2, 33.3],
      ["5 – Strongly agree", 1, 16.7],
    ]);
    // Published: every one of those counts is 1 to 4 people (and so is everyone but the 3
    // who said "Yes"), so each answer reads "not shown", and so does the mean, which would
    // give the hidden scale answers back; the number who answered (6) is shown.
    for (const n of [0, 1, 2]) expect(opts(r, n).every(([, count, share]) => count === null && share === null)).toBe(true);
    expect(r.questions[2].mean).toBeNull();
    expect(r.questions[0].mean).toBeNull();
    // Q4 (written): three written, none approved yet, so none shown.
    // Three wrote (fewer than 5: not given as a figure).
    expect(r.questions[3]).toMatchObject({ kind: "text", answered: null, written: [], options: [], byForum: [] });
  });

  it("breaks down by forum only where no group it tells apart is 1 to 4 people: forum A's 5 would give forum B's member back (6 − 5 = 1), so neither is shown", async () => {
    const { id, forums, cast } = await setUp();
    expect(SMALL_NUMBER_THRESHOLD).toBe(5);
    const r = await computeResults(id, forums);
    // Forum A has 5 respondents, forum B 2; All forums 6. Showing A's 5 beside the total would
    // give back the 1 person only in B, so A is hidden too (complementary suppression).
    expect(r.forums).toEqual([
      { forumId: cast.forumA.id, forumName: cast.forumA.name, respondents: null },
      { forumId: cast.forumB.id, forumName: cast.forumB.name, respondents: null },
    ]);
    for (const q of r.questions.filter((x) => x.kind !== "text")) {
      expect(q.byForum).toEqual([
        { forumId: cast.forumA.id, forumName: cast.forumA.name, suppressed: true },
        { forumId: cast.forumB.id, forumName: cast.forumB.name, suppressed: true },
      ]);
    }
  });

  it("with enough people in each group, every figure and the breakdown by forum are shown, and they are the records'", async () => {
    const cast = await makeConsultationCast({ extraMembersInA: 6 });
    const ten = [cast.a1, cast.a2, cast.a3, cast.a4, ...cast.extra];
    // Five say Yes, choose Arrest and Charge and answer 2; five say No, choose Arrest and answer 4.
    const answersBy = ten.map((p, i): [Person, Answers] => [p, i < 5 ? ["Yes", ["Arrest", "Charge"], 2, null] : ["No", ["Arrest"], 4, null]]);
    const drafted = await closedConsultation(cast, answersBy, {});
    const r = await computeResults(drafted.consultation.id, [
      { id: cast.forumA.id, name: cast.forumA.name },
      { id: cast.forumB.id, name: cast.forumB.name },
    ]);
    expect(r.respondents).toBe(10);
    expect(r.forums.map((f) => f.respondents)).toEqual([10, 0]);
    expect(opts(r, 0)).toEqual([
      ["Yes", 5, 50],
      ["No", 5, 50],
      ["Not sure", 0, 0],
    ]);
    expect(opts(r, 1)).toEqual([
      ["Arrest", 10, 100],
      ["Charge", 5, 50],
      ["Court date", 0, 0],
      ["Case closed", 0, 0],
    ]);
    expect(r.questions[2].mean).toBe(3);
    const [a, b] = r.questions[0].byForum;
    expect(a).toMatchObject({ suppressed: false, answered: 10, options: [{ count: 5 }, { count: 5 }, { count: 0 }] });
    expect(b).toMatchObject({ suppressed: false, answered: 0 });
    expect(r.questions[2].byForum[0]).toMatchObject({ suppressed: false, mean: 3 });
  });

  it("shows written answers, without names, only once approved (a redaction shows the redacted text; a rejected one never)", async () => {
    const { id, forums, cast } = await setUp();
    const written = await textAnswers(id);
    const by = (start: string) => written.find((w) => w.body.startsWith(start))!;
    // The phone number was highlighted for the moderator, who redacts it.
    expect(by("Far too slow").piiFindings.map((f) => f.kind)).toEqual(["phone"]);
    await decideConsultationAnswer(cast.moderator, by("Letters").id, { intent: "approve", version: 1 });
    await decideConsultationAnswer(cast.moderator, by("Far too slow").id, { intent: "redact", version: 1, body: "Far too slow.", note: "Removed a phone number." });
    await decideConsultationAnswer(cast.moderator, by("Name a contact").id, { intent: "reject", version: 1, reason: "off-topic" });
    const r = await computeResults(id, forums);
    expect([...r.questions[3].written].sort()).toEqual(["Far too slow.", "Letters are good."]);
    expect(JSON.stringify(r)).not.toContain("07700");
    expect(JSON.stringify(r)).not.toContain("Name a contact");
  });
});

describe("remembered results", () => {
  it("are the same figures, and follow every moderator decision on a written answer made after publication", async () => {
    const { id, forums, cast } = await setUp({ publish: true });
    const load = async () => cachedResults((await getConsultationForViewer(id, null))!, forums);
    const first = await load();
    expect(first).toEqual(await computeResults(id, forums));
    expect(await load()).toBe(first);
    const [w] = await textAnswers(id);
    await decideConsultationAnswer(cast.moderator, w.id, { intent: "approve", version: w.version });
    const after = await load();
    expect(after.questions[3].written).toEqual([w.body]);
    await decideConsultationAnswer(cast.moderator, w.id, { intent: "hide", version: w.version + 1 });
    expect((await load()).questions[3].written).toEqual([]);
  });
});

describe("who sees results when", () => {
  it("nobody while open, staff once closed, everyone once published", () => {
    const member = { role: "member" as const };
    const moderator = { role: "moderator" as const };
    const responder = { role: "responder" as const };
    for (const status of ["draft", "open"]) for (const v of [null, member, moderator, responder]) expect(canSeeResults({ status }, v), `${status} ${v?.role}`).toBe(false);
    expect(canSeeResults({ status: "closed" }, moderator)).toBe(true);
    expect(canSeeResults({ status: "closed" }, responder)).toBe(true);
    expect(canSeeResults({ status: "closed" }, member)).toBe(false);
    expect(canSeeResults({ status: "closed" }, null)).toBe(false);
    for (const status of ["published", "responded"]) for (const v of [null, member]) expect(canSeeResults({ status }, v)).toBe(true);
  });
});

describe("downloads", () => {
  it("the CSV has one row per option per scope, suppressed forums as a note, and no written answer", async () => {
    const { id, forums, drafted, cast } = await setUp({ publish: true });
    const written = await textAnswers(id);
    for (const w of written) await decideConsultationAnswer(cast.moderator, w.id, { intent: "approve", version: 1 });
    const csv = resultsCsv(await computeResults(id, forums));
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("question_number,question,kind,scope,option,count,percent,answered,mean,note");
    expect(lines).toContain(`1,${drafted.questions[0].prompt},single,All forums,Yes,,,6,,"${FIGURE_HIDDEN_NOTE}"`);
    expect(lines).toContain(`3,${drafted.questions[2].prompt},scale,All forums,4,,,6,,"${FIGURE_HIDDEN_NOTE}"`);
    expect(lines).toContain(`1,${drafted.questions[0].prompt},single,${cast.forumA.name},,,,,,"${FORUM_HIDDEN_NOTE}"`);
    expect(lines).toContain(`1,${drafted.questions[0].prompt},single,${cast.forumB.name},,,,,,"${FORUM_HIDDEN_NOTE}"`);
    // Three wrote: fewer than 5, so neither how many wrote nor how many are published is given.
    expect(lines).toContain(`4,${drafted.questions[3].prompt},text,All forums,,,,,,written answers published after moderation (on the consultation's page)`);
    for (const w of written) expect(csv).not.toContain(w.body.slice(0, 12));
  });

  it("escapes commas, quotes, line breaks and spreadsheet formulas through csv-stringify", async () => {
    const csv = resultsCsv({
      respondents: 1,
      forums: [],
      questions: [
        { id: "x", number: 1, prompt: 'Is "A, B" fair?\nSay why', kind: "single", kindLabel: "", required: true, maxChoices: null, answered: 1, options: [{ label: "=1+1", count: 1, percent: 100 }], mean: null, written: [], byForum: [] },
      ],
    });
    expect(csv.split("\n")[1]).toBe('1,"Is ""A, B"" fair?');
    expect(csv.split("\n")[2]).toBe("Say why\",single,All forums,'=1+1,1,100,1,,");
  });

  it("the JSON carries the same aggregates, the suppression, and no written answer", async () => {
    const { id, forums, drafted, cast } = await setUp({ publish: true });
    const r = await computeResults(id, forums);
    const json = resultsJson(drafted.consultation, r);
    expect(json.respondents).toBe(6);
    expect(json.rule.length).toBeGreaterThan(2);
    expect(json.questions[0]).toMatchObject({ number: 1, answered: 6, options: [{ label: "Yes", count: null, percent: null }, { label: "No", count: null }, { label: "Not sure", count: null }] });
    expect(json.questions[0].byForum?.[1]).toEqual({ forum: cast.forumB.name, suppressed: true, note: FORUM_HIDDEN_NOTE });
    expect(json.questions[3]).toEqual({ number: 4, question: drafted.questions[3].prompt, kind: "text", answered: null, writtenAnswersPublished: 0 });
    expect(JSON.stringify(json)).not.toMatch(/Letters are good|Far too slow|respondentKey|responseId/);
  });
});
