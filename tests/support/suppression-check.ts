// An attacker's check of published consultation results, written apart from the rule it tests
// (app/models/consultations/suppression.server.ts): it knows every response (which forums, which
// answers), takes the published figures, and tries every subtraction — across the forums and
// the "All forums" total, and across a question's answers — keeping those that, whatever the
// data, count a group of people. Every such derived count must be 0 or at least 5. It also checks
// that every published figure is true.
import type { ConsultationResults } from "../../app/models/consultations/results.server";

export type Truth = {
  forumIds: string[];
  questions: { id: string; kind: "single" | "multiple" | "scale" | "text"; maxChoices: number | null; values: string[] }[];
  respondents: { forumIds: string[]; answers: Map<string, string[]> }[];
};

const safe = (n: number) => n === 0 || n >= 5;

/** Every vector of -1, 0, 1 of length n except all zeros. */
function* signs(n: number): Generator<number[]> {
  const total = 3 ** n;
  for (let code = 1; code < total; code++) {
    const c: number[] = [];
    let x = code;
    for (let i = 0; i < n; i++) {
      c.push((x % 3) - 1);
      x = Math.floor(x / 3);
    }
    if (c.some((v) => v !== 0)) yield c;
  }
}

/**
 * Across scopes: published values per scope (T, then forums) of one figure, and each person's
 * membership. A combination counts a group when every membership pattern present gets
 * coefficient 0 or 1.
 */
function acrossScopes(label: string, scopes: { forumId: string | null; value: number }[], people: { forumIds: string[]; counts: number }[], violations: string[]) {
  const patterns = new Map<string, { forumIds: string[]; n: number }>();
  for (const p of people) {
    const key = [...p.forumIds].sort().join(",");
    const entry = patterns.get(key) ?? { forumIds: p.forumIds, n: 0 };
    entry.n += p.counts;
    patterns.set(key, entry);
  }
  // Sanity: each published figure is the truth.
  for (const s of scopes) {
    const truth = [...patterns.values()].reduce((sum, p) => sum + (s.forumId === null || p.forumIds.includes(s.forumId) ? p.n : 0), 0);
    if (truth !== s.value) violations.push(`${label}: published ${s.value} for ${s.forumId ?? "all"} but the records say ${truth}`);
    if (!safe(s.value)) violations.push(`${label}: published ${s.value} for ${s.forumId ?? "all"}`);
  }
  for (const c of signs(scopes.length)) {
    const coefficient = (forumIds: string[]) => scopes.reduce((k, s, i) => k + (s.forumId === null || forumIds.includes(s.forumId) ? c[i] : 0), 0);
    // Every membership pattern among these people, whether or not it adds to this figure.
    if (![...patterns.values()].every((p) => [0, 1].includes(coefficient(p.forumIds)))) continue;
    const value = scopes.reduce((sum, s, i) => sum + c[i] * s.value, 0);
    if (!safe(value)) violations.push(`${label}: ${c.map((k, i) => `${k > 0 ? "+" : k < 0 ? "-" : "0"}${scopes[i].forumId ?? "all"}`).join(" ")} = ${value}`);
  }
}

export function derivedCountViolations(results: ConsultationResults, truth: Truth): string[] {
  const violations: string[] = [];
  const inScope = (forumId: string | null) => truth.respondents.filter((p) => forumId === null || p.forumIds.includes(forumId));

  // Respondents: the total and each forum shown.
  const respondentScopes = [
    ...(results.respondents === null ? [] : [{ forumId: null, value: results.respondents }]),
    ...results.forums.flatMap((f) => (f.respondents === null ? [] : [{ forumId: f.forumId, value: f.respondents }])),
  ];
  acrossScopes("respondents", respondentScopes, truth.respondents.map((p) => ({ forumIds: p.forumIds, counts: 1 })), violations);
  if (results.respondents === null && truth.respondents.length >= 5) violations.push("respondents hidden although 5 or more answered");

  results.questions.forEach((q, qi) => {
    const tq = truth.questions[qi];
    if (tq.kind === "text") {
      if (q.answered !== null && !safe(q.answered)) violations.push(`Q${q.number}: ${q.answered} wrote`);
      return;
    }
    const answerers = truth.respondents.filter((p) => p.answers.get(tq.id)?.length);
    const chose = (p: Truth["respondents"][number], v: string) => (p.answers.get(tq.id) ?? []).includes(v);
    const shown = q.byForum.filter((b) => !b.suppressed) as Extract<(typeof q.byForum)[number], { suppressed: false }>[];
    // The figures of the question in each scope: answered, chose option i, and (where both are
    // published) did not choose option i.
    const scopeValue = (forumId: string | null, figure: { kind: "answered" } | { kind: "chose" | "not"; i: number }): number | null => {
      const cell = forumId === null ? { answered: q.answered, options: q.options } : shown.find((b) => b.forumId === forumId)!;
      if (cell.answered === null) return null;
      if (figure.kind === "answered") return cell.answered;
      const count = cell.options[figure.i].count;
      if (count === null) return null;
      return figure.kind === "chose" ? count : cell.answered - count;
    };
    const figures: ({ kind: "answered" } | { kind: "chose" | "not"; i: number })[] = [{ kind: "answered" }, ...tq.values.flatMap((_, i) => [{ kind: "chose" as const, i }, { kind: "not" as const, i }])];
    for (const figure of figures) {
      const scopes = [null, ...shown.map((b) => b.forumId)].flatMap((forumId) => {
        const value = scopeValue(forumId, figure);
        return value === null ? [] : [{ forumId, value }];
      });
      const counts = (p: Truth["respondents"][number]) => (figure.kind === "answered" ? 1 : figure.kind === "chose" ? Number(chose(p, tq.values[figure.i])) : Number(!chose(p, tq.values[figure.i])));
      const label = `Q${q.number} ${figure.kind}${"i" in figure ? ` ${figure.i}` : ""}`;
      acrossScopes(label, scopes, answerers.map((p) => ({ forumIds: p.forumIds, counts: counts(p) })), violations);
    }
    // Within each scope, across the answers, where they add up to the number who answered:
    // answered minus any set of shown answers is the group who chose the others.
    const exclusive = tq.kind === "single" || tq.kind === "scale" || tq.maxChoices === 1;
    if (!exclusive) return;
    for (const forumId of [null, ...shown.map((b) => b.forumId)]) {
      const cell = forumId === null ? { answered: q.answered, options: q.options } : shown.find((b) => b.forumId === forumId)!;
      if (cell.answered === null) continue;
      const people = answerers.filter((p) => inScope(forumId).includes(p));
      const published = cell.options.flatMap((o, i) => (o.count === null ? [] : [i]));
      for (const c of signs(1 + published.length)) {
        const k = (i: number) => c[0] + (published.includes(i) ? c[1 + published.indexOf(i)] : 0);
        if (!tq.values.every((_, i) => [0, 1].includes(k(i)))) continue;
        const value = c[0] * cell.answered + published.reduce((sum, i, j) => sum + c[1 + j] * (cell.options[i].count as number), 0);
        const truthValue = people.filter((p) => tq.values.some((v, i) => k(i) === 1 && chose(p, v))).length;
        if (value !== truthValue) violations.push(`Q${q.number} ${forumId ?? "all"}: derived ${value}, records say ${truthValue}`);
        if (!safe(value)) violations.push(`Q${q.number} ${forumId ?? "all"} across answers: ${c.join(",")} = ${value}`);
      }
    }
  });
  return violations;
}
