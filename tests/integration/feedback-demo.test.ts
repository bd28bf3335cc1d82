// My Met Service's demo data (issue 14, part 7): officers in every pilot borough and a few hundred
// answers over the last six months, dated in order (issued, then answered, before now), that make
// the staff pages show something real under the small-number rule: figures for most officers,
// a waiting page for the newest, hidden figures for two, commendations and comments waiting.
import { isNotNull } from "drizzle-orm";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { feedbackAnswer, feedbackLink } from "../../db/schema/feedback";
import { outbox } from "../../db/schema/outbox";
import { seedDemo } from "../../db/seed";
import { DEMO_OFFICERS } from "../../db/seed-feedback";
import { listPendingComments } from "~/models/feedback/comments.server";
import { figureWindow, listCommendations, officerFigures, supervisorFigures } from "~/models/feedback/figures.server";
import { PILOT_BOROUGHS } from "~/utils/boroughs";
import { useTestDatabase } from "../db";

useTestDatabase();

const actor = async (email: string) => {
  const [row] = (await db().select().from(user)).filter((u) => u.email === email);
  return { id: row.id, name: row.name, email: row.email, role: row.role, organisation: row.organisation } as Parameters<typeof officerFigures>[0];
};

describe("the demo's feedback", () => {
  it("is a few hundred answers over six months, each dated after its link and before now, sent by no email or text", async () => {
    const started = new Date();
    await seedDemo(db());
    const answers = await db().select().from(feedbackAnswer);
    const links = await db().select().from(feedbackLink);
    expect(answers.length).toBeGreaterThanOrEqual(300);
    expect(answers.length).toBeLessThanOrEqual(800);
    expect(new Set(DEMO_OFFICERS.map((o) => o.borough))).toEqual(new Set(PILOT_BOROUGHS));
    for (const borough of PILOT_BOROUGHS) expect(DEMO_OFFICERS.filter((o) => o.borough === borough).length).toBeGreaterThanOrEqual(3);
    const byId = new Map(links.map((l) => [l.id, l]));
    for (const a of answers) {
      expect(a.answeredAt.getTime()).toBeLessThanOrEqual(started.getTime() + 60_000);
      if (a.channel === "standing") continue;
      const link = byId.get(a.linkId!)!;
      expect(link.usedAt?.getTime()).toBe(a.answeredAt.getTime());
      expect(link.createdAt.getTime()).toBeLessThan(a.answeredAt.getTime());
      expect(link.expiresAt.getTime()).toBeGreaterThan(a.answeredAt.getTime());
      // The contact happened on the day the link was issued (in London), never after the answer.
      expect(link.contactDate <= a.answeredAt.toISOString().slice(0, 10)).toBe(true);
    }
    // Six months of answers, and links that were never answered (some still open, most expired).
    const months = new Set(answers.map((a) => a.answeredAt.toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(6);
    expect(links.filter((l) => !l.usedAt && l.expiresAt < started).length).toBeGreaterThan(10);
    expect(links.filter((l) => !l.usedAt && l.expiresAt > started).length).toBeGreaterThan(0);
    // No back-dated row carries the time it was loaded.
    const seededAt = answers.filter((a) => Math.abs(a.answeredAt.getTime() - started.getTime()) < 5 * 60_000);
    expect(seededAt).toEqual([]);
    // No feedback message was queued: every link is a QR code.
    const queued = await db().select().from(outbox);
    expect(queued.filter((m) => /feedback/i.test(`${m.subject ?? ""} ${m.kind ?? ""}`))).toEqual([]);

    // What staff see.
    const window = figureWindow();
    const first = await officerFigures(await actor("officer1@demo.vvf.test"));
    expect(first.figures.count).toBeGreaterThanOrEqual(5);
    expect(first.figures.layers[0].some((m) => m.mean !== null)).toBe(true);
    expect(first.figures.layers[0].map((m) => m.key)).toContain(`month:${window.months.at(-1)}`);
    // The newest officers (officer10, officer13, …: the third of each borough's extra officers) have fewer than 5.
    const newest = await officerFigures(await actor("officer10@demo.vvf.test"));
    expect(newest.figures.count).toBeNull();
    // Tower Hamlets' second officer has ten ratings, some kinds of contact hidden.
    const split = await officerFigures(await actor(DEMO_OFFICERS.filter((o) => o.borough === "tower-hamlets")[1].email));
    expect(split.figures.count).toBe(10);
    expect(split.figures.layers[1].some((k) => k.count === null)).toBe(true);
    expect(split.figures.layers[0].every((m) => m.count !== null)).toBe(true);
    expect(split.figures.mean).toBe(4.5);

    const met = await actor("met@demo.vvf.test");
    const supervised = await supervisorFigures(met);
    if (process.env.SHOW_DEMO) console.log(JSON.stringify({ london: [supervised.london.count, supervised.london.mean, supervised.london.distribution], months: supervised.london.layers[0].map((c) => [c.label, c.count, c.mean]), kinds: supervised.london.layers[1].map((c) => [c.label, c.count, c.mean]), boroughs: supervised.places.layers[0].map((c) => [c.label, c.count, c.mean]), officers: supervised.places.layers[1].map((c) => [c.label, c.count, c.mean]) }));
    expect(supervised.london.count).toBeGreaterThanOrEqual(250);
    expect(supervised.london.layers[0].filter((m) => m.mean !== null).length).toBeGreaterThanOrEqual(5);
    expect(supervised.places.layers[0].every((b) => b.count !== null && b.count >= 5)).toBe(true);
    expect(supervised.places.layers[1].some((o) => o.count === null)).toBe(true);
    expect(supervised.places.layers[1].some((o) => o.mean !== null)).toBe(true);
    expect((await listCommendations(met)).length).toBeGreaterThan(0);
    expect((await listPendingComments(await actor("moderator1@demo.vvf.test"))).length).toBeGreaterThan(0);
    expect((await db().select().from(feedbackAnswer).where(isNotNull(feedbackAnswer.commentReviewedAt))).length).toBeGreaterThan(5);
  });
});
