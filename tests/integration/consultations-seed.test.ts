// The demo consultations (db/seed-consultations.ts, called by db/seed.ts) are made through the
// app's own functions:
// one responded to with action items, one open that five members answered (two written answers
// waiting for review), one draft.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { consultation } from "../../db/schema/consultations";
import { seedDemo } from "../../db/seed";
import { listActionsForSource } from "../../app/models/actions/action-items.server";
import { getConsultationForViewer } from "../../app/models/consultations/consultations.server";
import { answeredConsultationIds, countResponses } from "../../app/models/consultations/answers.server";
import { computeResults } from "../../app/models/consultations/results.server";
import { listReviewQueue } from "../../app/models/threads/review-queue.server";
import { useTestDatabase } from "../db";

useTestDatabase();

describe("the demo consultations", () => {
  it("seed a responded, an open and a draft consultation in the states the pages show", async () => {
    // The demo seed includes the consultations (db/seed.ts calls seedDemoConsultations).
    await seedDemo(db());
    const rows = await db().select({ id: consultation.id, status: consultation.status }).from(consultation);
    const byStatus = (s: string) => rows.find((r) => r.status === s)!.id;
    const ids = { closed: byStatus("responded"), open: byStatus("open"), draft: byStatus("draft") };
    expect(rows).toHaveLength(3);
    const statuses = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, (await db().select({ s: consultation.status }).from(consultation).where(eq(consultation.id, id)))[0].s])),
    );
    expect(statuses).toEqual({ closed: "responded", open: "open", draft: "draft" });
    expect(await countResponses(ids.closed)).toBe(8);
    expect(await countResponses(ids.open)).toBe(5);
    expect((await listActionsForSource("consultation", ids.closed)).map((a) => a.organisation).sort()).toEqual(["met", "mopac"]);
    const closed = (await getConsultationForViewer(ids.closed, null))!;
    const results = await computeResults(closed.id, closed.forums);
    // 8 answered: 6 in London, 4 in the Black communities forum (2 in both). London's 6 beside
    // the total would give back the 2 only in the other forum, so neither forum is shown.
    expect(results.respondents).toBe(8);
    expect(results.forums.map((f) => [f.forumName, f.respondents])).toEqual([
      ["London Victim Voice Forum", null],
      ["Victim Voice Forum for London's Black Communities", null],
    ]);
    expect(results.questions[3].written).toHaveLength(4);
    expect(JSON.stringify(results)).not.toContain("07700");
    const queue = await listReviewQueue({ kind: "consultation-answer" });
    expect(queue).toHaveLength(2);
    expect(queue.every((i) => i.authorName === "Anonymous member")).toBe(true);
    const [member1] = await db().select().from(user).where(eq(user.email, "member1@demo.vvf.test"));
    expect(await answeredConsultationIds(member1.id, [ids.open, ids.closed])).toEqual(new Set([ids.open, ids.closed]));
  });
});
