// Small-number suppression that holds under arithmetic (issue 12, item 2): whatever groups of
// people answered, no published figure — and no subtraction of published figures across the
// forums, the "All forums" total and a question's answers — counts 1 to 4 people. Checked by
// an attacker written apart from the rule (tests/support/suppression-check.ts), first on
// generated consultations that try every combination of small groups, then on the demo's
// consultations as the page, the CSV and the JSON publish them.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consultation, consultationResponse } from "../../db/schema/consultations";
import { seedDemo } from "../../db/seed";
import { getConsultationForViewer } from "../../app/models/consultations/consultations.server";
import { computeResults, loadRespondents, publishResults, resultsCsv, resultsJson, type ConsultationResults } from "../../app/models/consultations/results.server";
import { openForumSet, sealForumSet, sealUnsealedForumSets } from "../../app/models/consultations/forum-sets.server";
import { SUPPRESSION_RULE } from "../../app/utils/small-numbers";
import { makeUser } from "../factories";
import { useTestDatabase } from "../db";
import { derivedCountViolations, type Truth } from "../support/suppression-check";
import { eq } from "drizzle-orm";

useTestDatabase();

type Q = Truth["questions"][number];
const QUESTIONS: (Q & { number: number; labels: string[] })[] = [
  { id: "q1", number: 1, kind: "single", maxChoices: null, values: ["yes", "no", "unsure"], labels: ["Yes", "No", "Not sure"] },
  { id: "q2", number: 2, kind: "multiple", maxChoices: 2, values: ["arrest", "charge", "court"], labels: ["Arrest", "Charge", "Court"] },
  { id: "q3", number: 3, kind: "scale", maxChoices: null, values: ["1", "2", "3", "4", "5"], labels: ["1", "2", "3", "4", "5"] },
];

function publish(forums: string[], respondents: Truth["respondents"]): ConsultationResults {
  return publishResults({
    questions: QUESTIONS.map((q) => ({
      id: q.id,
      consultationId: "c",
      position: q.number,
      number: q.number,
      kind: q.kind,
      prompt: `Question ${q.number}`,
      helpText: "",
      required: false,
      maxChoices: q.maxChoices,
      scaleLowLabel: null,
      scaleHighLabel: null,
      maxLength: null,
      options: q.kind === "scale" ? [] : q.values.map((id, i) => ({ id, questionId: q.id, position: i, label: q.labels[i] })),
    })),
    suppressionQuestions: QUESTIONS.map(({ id, kind, maxChoices, values }) => ({ id, kind, maxChoices, values })),
    respondents,
    forums: forums.map((id) => ({ id, name: `Forum ${id}` })),
    written: [],
    writtenCounts: [],
  });
}

/** A small deterministic random source, so a failure names a case that can be run again. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** People in each membership pattern, answering by `choose`. */
function people(groups: [string[], number][], choose: (person: number, pattern: number) => { q1: string; q2: string[]; q3: string } | null): Truth["respondents"] {
  const out: Truth["respondents"] = [];
  let n = 0;
  groups.forEach(([forumIds, size], pattern) => {
    for (let i = 0; i < size; i++) {
      const a = choose(n++, pattern);
      out.push({ forumIds, answers: a ? new Map([["q1", [a.q1]], ["q2", a.q2], ["q3", [a.q3]]]) : new Map() });
    }
  });
  return out;
}

const truth = (forums: string[], respondents: Truth["respondents"]): Truth => ({ forumIds: forums, questions: QUESTIONS, respondents });

describe("generated consultations: every combination of small groups", () => {
  it("two forums: every size 0–7 of 'A only', 'B only' and 'both', answers split every way between two answers — no derived count of 1 to 4", () => {
    let cases = 0;
    const failures: string[] = [];
    for (let aOnly = 0; aOnly <= 7; aOnly++)
      for (let bOnly = 0; bOnly <= 7; bOnly++)
        for (let both = 0; both <= 7; both++) {
          const sizes = [aOnly, bOnly, both];
          // In each group, the first k say "yes" and the rest "no", for k = 0, 1, 2 … size (as one shared cut-off per run).
          for (let k = 0; k <= 7; k++) {
            const groups: [string[], number][] = [
              [["A"], aOnly],
              [["B"], bOnly],
              [["A", "B"], both],
            ];
            const seen = [0, 0, 0];
            const respondents = people(groups, (_, pattern) => {
              const i = seen[pattern]++;
              const yes = i < k;
              return { q1: yes ? "yes" : "no", q2: yes ? ["arrest", "charge"] : ["court"], q3: yes ? "5" : String(1 + (i % 2)) };
            });
            const results = publish(["A", "B"], respondents);
            const v = derivedCountViolations(results, truth(["A", "B"], respondents));
            cases++;
            if (v.length) failures.push(`sizes ${sizes.join("/")} k=${k}: ${v.slice(0, 3).join("; ")}`);
          }
        }
    expect(cases).toBe(8 * 8 * 8 * 8);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("three forums and skipped questions, 3,000 random small groups and answers — no derived count of 1 to 4", () => {
    const patterns: string[][] = [["A"], ["B"], ["C"], ["A", "B"], ["A", "C"], ["B", "C"], ["A", "B", "C"]];
    const failures: string[] = [];
    for (let seed = 1; seed <= 3000; seed++) {
      const r = random(seed);
      const groups = patterns.map((p): [string[], number] => [p, r() < 0.4 ? 0 : Math.floor(r() * 9)]);
      const respondents = people(groups, () => {
        if (r() < 0.1) return null;
        const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
        return { q1: pick(["yes", "no", "unsure"]), q2: [...new Set([pick(["arrest", "charge", "court"]), pick(["arrest", "charge", "court"])])], q3: pick(["1", "2", "3", "4", "5"]) };
      });
      const v = derivedCountViolations(publish(["A", "B", "C"], respondents), truth(["A", "B", "C"], respondents));
      if (v.length) failures.push(`seed ${seed}: ${v.slice(0, 3).join("; ")}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("still publishes what is safe: 20 in A, 15 in B, 10 in both show every forum and figure", () => {
    const respondents = people(
      [
        [["A"], 20],
        [["B"], 15],
        [["A", "B"], 10],
      ],
      (n) => ({ q1: n % 2 ? "yes" : "no", q2: ["arrest"], q3: n % 2 ? "4" : "2" }),
    );
    const results = publish(["A", "B"], respondents);
    expect(derivedCountViolations(results, truth(["A", "B"], respondents))).toEqual([]);
    expect(results.respondents).toBe(45);
    expect(results.forums.map((f) => f.respondents)).toEqual([30, 25]);
    expect(results.questions[0].options.map((o) => o.count)).toEqual([22, 23, 0]);
    expect(results.questions[0].byForum.every((b) => !b.suppressed)).toBe(true);
    // 23 answered 2 and 22 answered 4: (46 + 88) / 45.
    expect(results.questions[2].mean).toBe(2.98);
  });

  it("the checker itself catches the subtraction the issue found (All 8, forum A 6, B hidden: 8 − 6 = 2)", () => {
    const respondents = people(
      [
        [["A"], 6],
        [["B"], 2],
      ],
      (n) => ({ q1: n < 6 ? "yes" : "no", q2: ["arrest"], q3: "3" }),
    );
    // What the old rule published: A shown because 6 ≥ 5, B hidden, the total shown.
    const old = publish(["A", "B"], respondents);
    const leaky: ConsultationResults = {
      ...old,
      respondents: 8,
      forums: [
        { forumId: "A", forumName: "Forum A", respondents: 6 },
        { forumId: "B", forumName: "Forum B", respondents: null },
      ],
    };
    expect(derivedCountViolations(leaky, truth(["A", "B"], respondents)).some((v) => v.includes("= 2"))).toBe(true);
    // The rule hides forum A too.
    expect(old.forums.map((f) => f.respondents)).toEqual([null, null]);
    expect(old.respondents).toBe(8);
    expect(derivedCountViolations(old, truth(["A", "B"], respondents))).toEqual([]);
  });
});

describe("the demo's consultations, as published", () => {
  it("no figure on the page, in the CSV or the JSON counts, or gives back by subtraction, 1 to 4 people; the rule is stated", async () => {
    await seedDemo(db());
    const all = await db().select().from(consultation);
    let checked = 0;
    for (const c of all) {
      const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(consultationResponse).where(eq(consultationResponse.consultationId, c.id));
      if (!n) continue;
      // Whatever its state (the open one is computed as it would be once closed).
      const viewed = (await getConsultationForViewer(c.id, { id: "staff", role: "moderator" } as never))!;
      const results = await computeResults(c.id, viewed.forums);
      const loaded = await loadRespondents(c.id);
      expect(derivedCountViolations(results, { forumIds: viewed.forums.map((f) => f.id), questions: loaded.suppressionQuestions, respondents: loaded.respondents })).toEqual([]);
      // The downloads carry exactly those figures: no count or answered of 1 to 4.
      const json = resultsJson(viewed, results);
      expect(json.rule).toEqual(SUPPRESSION_RULE);
      const numbers = JSON.stringify(json).match(/"(?:count|answered|respondents)":(\d+)/g) ?? [];
      for (const m of numbers) expect([1, 2, 3, 4], m).not.toContain(Number(m.split(":")[1]));
      const csv = resultsCsv(results).trim().split("\n").slice(1);
      for (const line of csv) {
        const cells = line.split(",");
        const [count, , answered] = cells.slice(-5, -2);
        for (const cell of [count, answered]) if (cell !== "") expect([1, 2, 3, 4], line).not.toContain(Number(cell));
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});

describe("sealed forum sets", () => {
  it("migration 0010's clear sets are sealed at start and the clear copy is dropped", async () => {
    const member = await makeUser(db(), { name: "Sealed Member" });
    void member;
    const [c] = await db().select().from(consultation).limit(1);
    // A consultation is needed for a response; the demo has several.
    const target = c ?? (await seedDemo(db()), (await db().select().from(consultation).limit(1))[0]);
    const [row] = await db().insert(consultationResponse).values({ consultationId: target.id, respondentKey: "legacy-key" }).returning();
    const forumIds = [crypto.randomUUID(), crypto.randomUUID()];
    await db().execute(sql.raw(`create table if not exists consultation_response_unsealed (response_id uuid, forum_ids uuid[])`));
    await db().execute(sql`insert into consultation_response_unsealed values (${row.id}, ${`{${forumIds.join(",")}}`}::uuid[])`);
    expect(await sealUnsealedForumSets()).toBe(1);
    const [after] = await db().select().from(consultationResponse).where(eq(consultationResponse.id, row.id));
    expect(openForumSet(target.id, after.forumSet).sort()).toEqual([...forumIds].sort());
    expect(after.forumSet).not.toContain(forumIds[0]);
    const left = await db().execute(sql`select to_regclass('consultation_response_unsealed')::text as name`);
    expect(((left as unknown as { rows?: { name: string | null }[] }).rows ?? (left as unknown as { name: string | null }[]))[0].name).toBeNull();
    expect(await sealUnsealedForumSets()).toBe(0);
    // A sealed set is bound to its consultation.
    expect(sealForumSet(target.id, forumIds).length).toBe(after.forumSet.length);
  });
});
