// The counts behind My Met Service's public figures, kept up to date on write: each link issued
// and each answer stored adds one to its row in the same transaction (INSERT … ON CONFLICT DO
// UPDATE, so simultaneous writers queue on the row and none is lost), and the public page,
// reports and open data read these few rows instead of counting the answers at each request.
// The migration that created them (0016) filled them from the rows already stored.
import { sql } from "drizzle-orm";
import { feedbackLinkCount, feedbackRatingCount, feedbackReport } from "../../../db/schema/feedback";
import type { Queryable } from "../database.server";

/** The London month ("YYYY-MM") of a contact's date ("YYYY-MM-DD"). */
export const monthOfDate = (isoDate: string) => isoDate.slice(0, 7);

/** The month's report exists once the month has a link or an answer (it awaits a response once the month's figures are published, 4 weeks after it). */
async function ensureReport(tx: Queryable, month: string) {
  await tx.insert(feedbackReport).values({ month }).onConflictDoNothing({ target: feedbackReport.month });
}

/** One more link issued for a contact in this borough and month. Call in the link's transaction. */
export async function countIssuedLink(tx: Queryable, link: { borough: string; contactDate: string; contactKind: string }) {
  const month = monthOfDate(link.contactDate);
  await tx
    .insert(feedbackLinkCount)
    .values({ borough: link.borough, month, contactKind: link.contactKind, issued: 1 })
    .onConflictDoUpdate({ target: [feedbackLinkCount.borough, feedbackLinkCount.month, feedbackLinkCount.contactKind], set: { issued: sql`${feedbackLinkCount.issued} + 1` } });
  await ensureReport(tx, month);
}

/** One more rating. Call in the answer's transaction. */
export async function countRating(tx: Queryable, answer: { borough: string; month: string; source: "link" | "standing"; contactKind: string | null; rating: number }, options: { ensureReport: boolean }) {
  await tx
    .insert(feedbackRatingCount)
    .values({ borough: answer.borough, month: answer.month, source: answer.source, contactKind: answer.contactKind ?? "", rating: answer.rating, count: 1 })
    .onConflictDoUpdate({
      target: [feedbackRatingCount.borough, feedbackRatingCount.month, feedbackRatingCount.source, feedbackRatingCount.contactKind, feedbackRatingCount.rating],
      set: { count: sql`${feedbackRatingCount.count} + 1` },
    });
  if (options.ensureReport) await ensureReport(tx, answer.month);
}
