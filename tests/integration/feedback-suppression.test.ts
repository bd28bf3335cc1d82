// My Met Service, part 5: no figure the public sees — page, CSV, JSON — counts 1 to 4 people,
// read alone or subtracted from another across London, the boroughs and the ratings. Checked by
// the consultation results' attacker (tests/support/suppression-check.ts), written apart from the
// rule: each link issued is a person (answered or not, and if answered, with a rating), each
// borough a forum, London the total. First on generated months that try many small groups, then
// on real rows stored through the models, as the CSV and the JSON publish them.
import { parse } from "csv-parse/sync";
import { db } from "../../db/client";
import { buildOpenDataFile, DATASETS } from "~/models/accountability/open-data.server";
import { answerFeedbackLink, answerStandingForm } from "~/models/feedback/answers.server";
import { issueFeedbackLink } from "~/models/feedback/links.server";
import { feedbackMonthFigures, publishGroup, type BoroughCounts, type FeedbackFigure, type GroupFigures } from "~/models/feedback/public-figures.server";
import type { ConsultationResults } from "~/models/consultations/results.server";
import { useFeedbackLimitStore } from "~/services/feedback-limits.server";
import { londonDate } from "~/utils/working-days";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer } from "../factories";
import { derivedCountViolations, type Truth } from "../support/suppression-check";

useTestDatabase();

const RATINGS = ["1", "2", "3", "4", "5"];

/** The people behind one group's counts: a link each (contacts), or an answer each (leaflets). */
function truthOf(counts: BoroughCounts[], contacts: boolean): Truth {
  const respondents: Truth["respondents"] = [];
  for (const c of counts) {
    c.ratings.forEach((k, i) => {
      for (let j = 0; j < k; j++) respondents.push({ forumIds: [c.borough], answers: new Map([...(contacts ? [["answered", ["yes"]] as [string, string[]]] : []), ["rating", [RATINGS[i]]]]) });
    });
    const unanswered = contacts ? c.issued - c.ratings.reduce((a, b) => a + b, 0) : 0;
    for (let j = 0; j < unanswered; j++) respondents.push({ forumIds: [c.borough], answers: new Map([["answered", ["no"]]]) });
  }
  return {
    forumIds: counts.map((c) => c.borough),
    questions: [...(contacts ? [{ id: "answered", kind: "single" as const, maxChoices: null, values: ["yes", "no"] }] : []), { id: "rating", kind: "scale" as const, maxChoices: null, values: RATINGS }],
    respondents,
  };
}

/** The published figures in the shape the attacker reads. */
function asResults(g: GroupFigures, contacts: boolean): ConsultationResults {
  const shown = g.boroughs.filter((b) => b.shown) as Extract<GroupFigures["boroughs"][number], { shown: true }>[];
  const option = (count: number | null) => ({ label: "", count, percent: null });
  const answeredQuestion = (f: FeedbackFigure) => ({
    answered: f.issued,
    options: [option(f.issued !== null && f.share !== null ? f.ratings : null), option(f.issued !== null && f.share !== null ? f.issued - (f.ratings as number) : null)],
  });
  const ratingQuestion = (f: FeedbackFigure) => ({ answered: f.ratings, options: f.distribution.map(option) });
  // A borough's contacts may be hidden while its ratings are shown.
  const visible = (id: string, f: FeedbackFigure) => id === "rating" || f.issued !== null;
  const question = (number: number, id: string, pick: (f: FeedbackFigure) => { answered: number | null; options: ReturnType<typeof option>[] }) => ({
    id,
    number,
    prompt: id,
    kind: (id === "rating" ? "scale" : "single") as "scale" | "single",
    kindLabel: "",
    required: false,
    maxChoices: null,
    mean: null,
    written: [],
    ...pick(g.london),
    byForum: g.boroughs.map((b) => (b.shown && visible(id, b.figure) ? { forumId: b.borough, forumName: b.name, suppressed: false as const, mean: null, ...pick(b.figure) } : { forumId: b.borough, forumName: b.name, suppressed: true as const })),
  });
  return {
    respondents: contacts ? g.london.issued : g.london.ratings,
    forums: g.boroughs.map((b) => ({ forumId: b.borough, forumName: b.name, respondents: b.shown ? (contacts ? b.figure.issued : b.figure.ratings) : null })),
    // (a null respondents figure is a forum left out of that comparison)
    questions: [...(contacts ? [question(1, "answered", answeredQuestion)] : []), question(contacts ? 2 : 1, "rating", ratingQuestion)],
  } as ConsultationResults;
}

/**
 * The attacker's findings. Our rule also hides London's links issued when those not answering
 * number 1 to 4 (a figure consultations never have), which the attacker would report as hiding
 * too much: that one finding is not a leak, so it is set aside.
 */
function violations(counts: BoroughCounts[], contacts: boolean) {
  const published = publishGroup(counts, contacts);
  return derivedCountViolations(asResults(published, contacts), truthOf(counts, contacts)).filter((v) => !v.startsWith("respondents hidden although"));
}

function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const BOROUGHS = ["havering", "newham", "hackney", "redbridge"];

describe("small numbers in My Met Service's figures", () => {
  it("hold under every subtraction across London, the boroughs and the ratings, in 3,000 generated months", () => {
    const rnd = random(14);
    // Mostly 0 or 5 to 14, with small groups (1 to 4) in about one figure in five.
    const small = () => {
      const x = rnd();
      return x < 0.4 ? 0 : x < 0.6 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 10);
    };
    let shownSomewhere = 0;
    for (let k = 0; k < 3000; k++) {
      const boroughs = BOROUGHS.slice(0, 2 + (k % 3));
      const counts = boroughs.map((borough) => {
        const ratings = [small(), small(), small(), small(), small()];
        return { borough, ratings, issued: ratings.reduce((a, b) => a + b, 0) + small() };
      });
      for (const contacts of [true, false]) {
        const found = violations(counts, contacts);
        expect(found, `case ${k} ${contacts ? "contacts" : "leaflets"}: ${JSON.stringify(counts)}`).toEqual([]);
      }
      if (publishGroup(counts, true).boroughs.some((b) => b.shown) && counts.some((c) => c.ratings.some((v) => v > 0 && v < 5))) shownSomewhere++;
    }
    // The rule still shows boroughs where it safely can, even in months with small groups.
    expect(shownSomewhere).toBeGreaterThan(100);
  });

  it("shows a borough whose figures and the rest's are safe, hides one with a lone rating, and hides another with it so it cannot be worked out", () => {
    const group = publishGroup(
      [
        { borough: "newham", issued: 20, ratings: [0, 0, 0, 5, 10] },
        { borough: "havering", issued: 15, ratings: [0, 0, 5, 0, 5] },
        { borough: "hackney", issued: 5, ratings: [0, 1, 0, 0, 1] },
      ],
      true,
    );
    const byName = Object.fromEntries(group.boroughs.map((b) => [b.borough, b]));
    expect(byName.hackney.shown).toBe(false);
    // London minus Newham would give back Hackney's lone 2 with Havering's figures: Havering goes too.
    expect(byName.havering.shown).toBe(false);
    expect(byName.newham).toMatchObject({ shown: true, figure: { ratings: 15, distribution: [0, 0, 0, 5, 10], mean: 4.67, issued: 20, share: 75 } });
    expect(group.london).toMatchObject({ ratings: 27, issued: 40 });
    expect(group.london.distribution[1]).toBeNull();
    expect(group.london.mean).toBeNull();
  });
});

describe("the published figures of stored ratings", () => {
  const saved = process.env.RATE_LIMIT_FEEDBACK_ADDRESS;
  beforeAll(() => {
    process.env.RATE_LIMIT_FEEDBACK_ADDRESS = "1000";
    useFeedbackLimitStore();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.RATE_LIMIT_FEEDBACK_ADDRESS;
    else process.env.RATE_LIMIT_FEEDBACK_ADDRESS = saved;
    useFeedbackLimitStore();
  });

  it("are the same in the CSV and the JSON as on the page, none counts 1 to 4, and none gives one back by subtraction", async () => {
    // 70 days ago: a month whose figures are final (published) by now.
    const at = new Date(Date.now() - 70 * 24 * 60 * 60 * 1000);
    const now = new Date();
    const month = londonDate(at).slice(0, 7);
    const plan: Record<string, { ratings: number[]; unanswered: number }> = {
      newham: { ratings: [0, 0, 0, 5, 10], unanswered: 5 },
      havering: { ratings: [0, 0, 5, 0, 5], unanswered: 5 },
      hackney: { ratings: [0, 1, 0, 0, 1], unanswered: 3 },
    };
    const truthCounts: BoroughCounts[] = [];
    for (const [borough, p] of Object.entries(plan)) {
      const officer = await makeOfficer(db(), { borough });
      const answers = p.ratings.flatMap((k, i) => Array.from({ length: k }, () => i + 1));
      for (let i = 0; i < answers.length + p.unanswered; i++) {
        const { token } = await issueFeedbackLink(asCurrentUser(officer), { contactDate: londonDate(at), contactKind: "gave-update", channel: "qr" }, at);
        if (i < answers.length) await answerFeedbackLink(token, { rating: answers[i], keptInformed: "yes", treatedWithRespect: "yes", toldRights: "yes" }, at);
      }
      truthCounts.push({ borough, issued: answers.length + p.unanswered, ratings: p.ratings });
    }
    // Leaflets: 6 in Newham, 2 in Hackney.
    for (let i = 0; i < 8; i++) await answerStandingForm(i < 6 ? "newham" : "hackney", { rating: 5, keptInformed: "yes", treatedWithRespect: "yes", toldRights: "yes" }, { address: `203.0.113.${i}` }, at);
    const leafletCounts: BoroughCounts[] = [
      { borough: "newham", issued: 0, ratings: [0, 0, 0, 0, 6] },
      { borough: "hackney", issued: 0, ratings: [0, 0, 0, 0, 2] },
    ];

    const page = await feedbackMonthFigures(month);
    expect(page.contacts).toEqual(publishGroup(truthCounts, true));
    expect(page.leaflets).toEqual(publishGroup(leafletCounts, false));
    expect(derivedCountViolations(asResults(page.contacts, true), truthOf(truthCounts, true)).filter((v) => !v.startsWith("respondents hidden although"))).toEqual([]);
    expect(derivedCountViolations(asResults(page.leaflets, false), truthOf(leafletCounts, false))).toEqual([]);
    expect(page.contacts.boroughs.filter((b) => b.shown).map((b) => b.borough)).toEqual(["newham"]);
    expect(page.leaflets.boroughs.every((b) => !b.shown)).toBe(true);

    // The JSON holds the page's figures exactly.
    const json = JSON.parse(await buildOpenDataFile("feedback.json", "https://vvf.example", now));
    const jsonMonth = json.data.find((m: { month: string }) => m.month === month);
    expect(jsonMonth.after_contact).toEqual(page.contacts);
    expect(jsonMonth.leaflet).toEqual(page.leaflets);

    // The CSV: every count is empty, 0 or at least 5; hidden places carry no figure at all; and
    // read back into the attacker's shape, no subtraction gives a small group.
    const csv = await buildOpenDataFile("feedback.csv", "https://vvf.example", now);
    expect(csv.split("\n")[0].split(",")).toEqual(DATASETS.feedback.columns.map((c) => c.name));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const countColumns = ["ratings", "rated_1", "rated_2", "rated_3", "rated_4", "rated_5", "contacts_asked"];
    for (const row of rows) {
      for (const c of countColumns) {
        if (row[c] === "") continue;
        const v = Number(row[c]);
        expect(v === 0 || v >= 5, `${row.place} ${row.group} ${c} = ${v}`).toBe(true);
      }
    }
    const hackney = rows.filter((r) => r.borough === "hackney");
    expect(hackney).toHaveLength(2);
    for (const r of hackney) {
      for (const c of [...countColumns, "mean", "led_to_feedback_percent"]) expect(r[c]).toBe("");
      expect(r.note).toMatch(/not shown/);
    }
    const fromCsv = (group: string): GroupFigures => {
      const value = (v: string) => (v === "" ? null : Number(v));
      const figure = (r: Record<string, string>): FeedbackFigure => ({
        ratings: value(r.ratings),
        distribution: ["rated_1", "rated_2", "rated_3", "rated_4", "rated_5"].map((c) => value(r[c])),
        mean: value(r.mean),
        issued: value(r.contacts_asked),
        share: value(r.led_to_feedback_percent),
      });
      const mine = rows.filter((r) => r.month === month && r.group === group);
      const london = mine.find((r) => r.borough === "london")!;
      return {
        london: figure(london),
        boroughs: mine.filter((r) => r.borough !== "london").map((r) => (r.note ? { borough: r.borough, name: r.place, shown: false as const } : { borough: r.borough, name: r.place, shown: true as const, figure: figure(r) })),
      };
    };
    expect(fromCsv("after-contact")).toEqual(page.contacts);
    expect(fromCsv("leaflet")).toEqual(page.leaflets);
  });
});
