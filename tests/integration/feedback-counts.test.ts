// My Met Service, part 5: the counts behind the public figures are kept up to date on write, in
// the transaction that stores each link and answer, so the public page never counts the answers.
// They must equal a recount of the stored rows after many simultaneous answers (single-use links
// and leaflets' standing forms, across boroughs, months and kinds of contact), and the migration's
// backfill must give the same counts from the rows alone.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { db } from "../../db/client";
import { feedbackLinkCount, feedbackRatingCount, feedbackReport } from "../../db/schema/feedback";
import { answerFeedbackLink, answerStandingForm } from "~/models/feedback/answers.server";
import { issueFeedbackLink } from "~/models/feedback/links.server";
import { useFeedbackLimitStore } from "~/services/feedback-limits.server";
import { CONTACT_KINDS } from "~/utils/feedback";
import { londonDate } from "~/utils/working-days";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer } from "../factories";

useTestDatabase();

const DAY = 24 * 60 * 60 * 1000;
const ANSWER = { keptInformed: "yes", treatedWithRespect: "yes", toldRights: "partly" } as const;

type Row = { borough: string; month: string; source: string; contactKind: string; rating: number; count: number };
const key = (r: Omit<Row, "count">) => `${r.borough}|${r.month}|${r.source}|${r.contactKind}|${r.rating}`;

/** The counts as the raw rows say: links in their contact's month, standing answers in their London month. */
async function recount() {
  const rows = await db().execute<Row>(sql`
    select a.borough, case when a.channel = 'link' then to_char(l.contact_date, 'YYYY-MM') else to_char(a.answered_at at time zone 'Europe/London', 'YYYY-MM') end as month,
      a.channel as source, coalesce(a.contact_kind, '') as "contactKind", a.rating::int as rating, count(*)::int as count
    from feedback_answer a left join feedback_link l on l.id = a.link_id group by 1, 2, 3, 4, 5`);
  const links = await db().execute<{ borough: string; month: string; contactKind: string; issued: number }>(
    sql`select borough, to_char(contact_date, 'YYYY-MM') as month, contact_kind as "contactKind", count(*)::int as issued from feedback_link group by 1, 2, 3`,
  );
  const list = <T>(r: unknown) => ((r as { rows?: T[] }).rows ?? (r as T[])).map((x) => ({ ...x }));
  return { ratings: list<Row>(rows), links: list<{ borough: string; month: string; contactKind: string; issued: number }>(links) };
}

async function kept() {
  const ratings = await db().select().from(feedbackRatingCount);
  const links = await db().select().from(feedbackLinkCount);
  return { ratings, links };
}

const byKey = (rows: Row[]) => Object.fromEntries(rows.map((r) => [key(r), Number(r.count)]));
const linksByKey = (rows: { borough: string; month: string; contactKind: string; issued: number }[]) => Object.fromEntries(rows.map((r) => [`${r.borough}|${r.month}|${r.contactKind}`, Number(r.issued)]));

describe("the public figures' counts", () => {
  it("equal a recount of the stored answers after 120 simultaneous answers through links and leaflets, in several boroughs, months and kinds of contact", async () => {
    const saved = process.env.RATE_LIMIT_FEEDBACK_ADDRESS;
    process.env.RATE_LIMIT_FEEDBACK_ADDRESS = "1000";
    useFeedbackLimitStore();
    try {
      const now = new Date();
      const officers = await Promise.all(["newham", "hackney"].map((borough) => makeOfficer(db(), { borough })));
      // Contacts today and 10 days ago (often the month before): links issued then, answered now.
      const tokens: string[] = [];
      for (let i = 0; i < 90; i++) {
        const at = new Date(now.getTime() - (i % 2) * 10 * DAY);
        const issued = await issueFeedbackLink(
          asCurrentUser(officers[i % 2]),
          { contactDate: londonDate(at), contactKind: CONTACT_KINDS[i % 4], channel: "qr" },
          at,
        );
        tokens.push(issued.token);
      }
      const submits = [
        // Every link answered at once, with 3 extra submits of some: those are refused, not counted.
        ...tokens.map((token, i) => () => answerFeedbackLink(token, { ...ANSWER, rating: (i % 5) + 1 })),
        ...tokens.slice(0, 30).map((token) => () => answerFeedbackLink(token, { ...ANSWER, rating: 1 })),
        ...Array.from({ length: 30 }, (_, i) => () => answerStandingForm(["newham", "havering", "hackney"][i % 3], { ...ANSWER, rating: (i % 3) + 3 }, { address: `192.0.2.${i}` })),
      ];
      const outcomes = await Promise.allSettled(submits.map((s) => s()));
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(120);

      const truth = await recount();
      const ours = await kept();
      expect(byKey(ours.ratings as Row[])).toEqual(byKey(truth.ratings));
      expect(linksByKey(ours.links)).toEqual(linksByKey(truth.links));
      expect(ours.ratings.reduce((s, r) => s + r.count, 0)).toBe(120);
      expect(ours.links.reduce((s, r) => s + r.issued, 0)).toBe(90);
      // Every month with a link or an answer has its report.
      const months = new Set([...ours.ratings, ...ours.links].map((r) => r.month));
      const reports = await db().select().from(feedbackReport);
      expect(new Set(reports.map((r) => r.month))).toEqual(months);
    } finally {
      if (saved === undefined) delete process.env.RATE_LIMIT_FEEDBACK_ADDRESS;
      else process.env.RATE_LIMIT_FEEDBACK_ADDRESS = saved;
      useFeedbackLimitStore();
    }
  });

  it("are rebuilt by the migration's backfill from the stored rows alone, to the same figures", async () => {
    const officer = await makeOfficer(db(), { borough: "redbridge" });
    const now = new Date();
    for (let i = 0; i < 6; i++) {
      const { token } = await issueFeedbackLink(asCurrentUser(officer), { contactDate: londonDate(now), contactKind: CONTACT_KINDS[i % 4], channel: "qr" }, now);
      if (i < 5) await answerFeedbackLink(token, { ...ANSWER, rating: (i % 5) + 1 });
    }
    await answerStandingForm("redbridge", { ...ANSWER, rating: 2 }, { address: "198.51.100.1" });
    const before = await kept();
    const reportsBefore = (await db().select().from(feedbackReport)).map((r) => r.month).sort();

    await db().execute(sql`truncate feedback_rating_count, feedback_link_count, feedback_report`);
    const migration = readFileSync(new URL("../../db/migrations/0016_feedback_figures.sql", import.meta.url), "utf8");
    const backfill = migration.split("--> statement-breakpoint").filter((s) => /^\s*(--[^\n]*\n\s*)*INSERT INTO/i.test(s));
    expect(backfill).toHaveLength(3);
    for (const statement of backfill) await db().execute(sql.raw(statement));

    const after = await kept();
    expect(byKey(after.ratings as Row[])).toEqual(byKey(before.ratings as Row[]));
    expect(linksByKey(after.links)).toEqual(linksByKey(before.links));
    expect((await db().select().from(feedbackReport)).map((r) => r.month).sort()).toEqual(reportsBefore);
  });
});
