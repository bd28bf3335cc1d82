// Small-number suppression: the one home of the rule that no published figure of a
// consultation's results — on the page, in its chart, in the CSV, the JSON and the open data —
// lets anyone work out a group of fewer than SMALL_NUMBER_THRESHOLD people, whether read as it
// stands or by subtracting one published figure from another (docs/decisions/023).
//
// The rule (the results page states it in plain English: app/utils/small-numbers.ts):
// 1. A figure that counts people (who answered, who chose an answer) is shown only if it is 0 or
//    at least 5; otherwise it reads "fewer than 5". The same holds for the people it leaves out:
//    if 8 answered and 6 chose "Yes", the 2 who did not are a group of 2, so "Yes" is hidden too.
// 2. Where the answers add up to the number who answered (one choice, or a scale), the hidden
//    answers together must also be 0 or at least 5 — otherwise "answered minus the shown ones"
//    gives them back — so the next smallest answers are hidden with them until they are.
//    An average is shown only when none of its scale's answers is hidden.
// 3. A question is broken down by forum only where every group of people that the forum figures
//    and the total tell apart — the people in exactly one combination of the shown forums, such
//    as "in forum A but not B", which is "All forums" minus forum B — is 0 or at least 5 people,
//    for the number who answered and for every answer (and for those who did not choose it).
//    Otherwise the smallest forum is taken out of the breakdown and the test is run again;
//    a forum left out shows no figures at all. Then every figure that subtraction across the
//    forums and the total can give is a sum of such groups, so it is 0 or at least 5 too.
// The same rule, with "responded" as the only figure, decides which forums' respondent counts
// are shown.
//
// Pure: the caller (results.server.ts) counts, this decides what may be published.

import { SMALL_NUMBER_THRESHOLD, SUPPRESSION_RULE } from "~/utils/small-numbers";

export { SMALL_NUMBER_THRESHOLD, SUPPRESSION_RULE };

export type Kind = "single" | "multiple" | "scale" | "text";

/** 0 or at least the threshold: safe to publish as a count of people. */
export const publishable = (n: number) => n === 0 || n >= SMALL_NUMBER_THRESHOLD;

export type SuppressionQuestion = { id: string; kind: Kind; maxChoices: number | null; /** option ids, or "1".."5" for a scale */ values: string[] };

/** One respondent: their forums (among the consultation's) and, per question answered, the values chosen. */
export type SuppressionRespondent = { forumIds: string[]; answers: Map<string, string[]> };

export type CellCounts = { answered: number; values: number[] };

export type PublishedQuestion = {
  /** null: fewer than the threshold answered, so nothing of the question is shown. */
  answered: number | null;
  /** Per value (option or scale point): the count, or null where hidden. */
  values: (number | null)[];
  /** Whether a mean may be shown (a scale with nothing hidden). */
  meanShown: boolean;
  /** Forums whose breakdown is shown, with their counts (every one publishable). */
  byForum: Map<string, CellCounts>;
};

/** Whether a question's answers are mutually exclusive, so that they add up to the number who answered. */
export const exclusive = (q: Pick<SuppressionQuestion, "kind" | "maxChoices">) => q.kind === "single" || q.kind === "scale" || (q.kind === "multiple" && q.maxChoices === 1);

function countCells(q: SuppressionQuestion, people: SuppressionRespondent[]): CellCounts {
  const values = q.values.map(() => 0);
  let answered = 0;
  for (const p of people) {
    const chosen = p.answers.get(q.id);
    if (!chosen?.length) continue;
    answered++;
    for (const v of chosen) {
      const i = q.values.indexOf(v);
      if (i >= 0) values[i]++;
    }
  }
  return { answered, values };
}

/** Every count in the cell, and everyone it leaves out, is 0 or at least the threshold. */
export const cellSafe = (c: CellCounts) => publishable(c.answered) && c.values.every((v) => publishable(v) && publishable(c.answered - v));

/** The people in exactly each combination of `shown` forums (including "in none of them"). */
function groupsBy(shown: string[], people: SuppressionRespondent[]): SuppressionRespondent[][] {
  const groups = new Map<string, SuppressionRespondent[]>();
  for (const p of people) {
    const key = shown.map((f) => (p.forumIds.includes(f) ? "1" : "0")).join("");
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

/**
 * The forums whose figures may be shown beside the total: start with every forum, and while
 * some group told apart by the shown forums is unsafe, take out the forum with the fewest
 * people (the first in order on a tie).
 */
export function shownForums(forumIds: string[], people: SuppressionRespondent[], safe: (group: SuppressionRespondent[]) => boolean, size: (forumId: string) => number): string[] {
  let shown = [...forumIds];
  while (shown.length && !groupsBy(shown, people).every(safe)) {
    const smallest = shown.reduce((a, b) => (size(b) < size(a) ? b : a));
    shown = shown.filter((f) => f !== smallest);
  }
  return shown;
}

/** Rules 1 and 2 on the "All forums" figures of one question. */
export function suppressTotal(q: Pick<SuppressionQuestion, "kind" | "maxChoices">, cell: CellCounts): { answered: number | null; values: (number | null)[] } {
  if (!publishable(cell.answered) || cell.answered === 0) return { answered: cell.answered === 0 ? 0 : null, values: cell.values.map((v) => (cell.answered === 0 ? v : null)) };
  const hidden = new Set(cell.values.flatMap((v, i) => (publishable(v) && publishable(cell.answered - v) ? [] : [i])));
  if (exclusive(q)) {
    const hiddenSum = () => [...hidden].reduce((s, i) => s + cell.values[i], 0);
    while (!publishable(hiddenSum())) {
      // The smallest answer still shown that is not 0 (hiding a 0 adds nobody).
      const next = cell.values
        .map((v, i) => ({ v, i }))
        .filter(({ v, i }) => v > 0 && !hidden.has(i))
        .sort((a, b) => a.v - b.v || a.i - b.i)[0];
      if (!next) break;
      hidden.add(next.i);
    }
  }
  return { answered: cell.answered, values: cell.values.map((v, i) => (hidden.has(i) ? null : v)) };
}

/** What of one question may be published: rule 3 first (a breakdown whose groups are all safe), then rules 1 and 2 on the total. */
export function suppressQuestion(q: SuppressionQuestion, forumIds: string[], respondents: SuppressionRespondent[]): PublishedQuestion {
  const people = respondents.filter((p) => p.answers.get(q.id)?.length);
  const sizes = new Map(forumIds.map((f) => [f, people.filter((p) => p.forumIds.includes(f)).length]));
  const shown = shownForums(forumIds, people, (group) => cellSafe(countCells(q, group)), (f) => sizes.get(f) ?? 0);
  const total = suppressTotal(q, countCells(q, people));
  const byForum = new Map(
    shown.map((f) => [
      f,
      countCells(
        q,
        people.filter((p) => p.forumIds.includes(f)),
      ),
    ]),
  );
  return { answered: total.answered, values: total.values, meanShown: q.kind === "scale" && total.answered !== null && total.answered > 0 && total.values.every((v) => v !== null), byForum };
}

/** The forums whose respondent counts may be shown, and the total (null when 1 to 4). */
export function suppressRespondents(forumIds: string[], respondents: SuppressionRespondent[]): { total: number | null; byForum: Map<string, number> } {
  const size = (f: string) => respondents.filter((p) => p.forumIds.includes(f)).length;
  const shown = shownForums(forumIds, respondents, (group) => publishable(group.length), size);
  return { total: publishable(respondents.length) ? respondents.length : null, byForum: new Map(shown.map((f) => [f, size(f)])) };
}
