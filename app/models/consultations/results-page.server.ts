// What the three results routes (page, CSV, JSON) share: find the consultation as the viewer
// may see it, refuse while results are hidden, and compute the aggregates.
import type { CurrentUser } from "~/services/session.server";
import { ConsultationNotFoundError, getConsultationForViewer } from "./consultations.server";
import { cachedResults, canSeeResults, ResultsHiddenError, SMALL_NUMBER_THRESHOLD } from "./results.server";

/** Throws ConsultationNotFoundError, or ResultsHiddenError saying when the results will be shown. */
export async function loadResults(id: string, viewer: CurrentUser | null) {
  const c = await getConsultationForViewer(id, viewer);
  if (!c) throw new ConsultationNotFoundError("Not found");
  if (!canSeeResults(c, viewer)) {
    throw new ResultsHiddenError(
      c.status === "closed"
        ? "The results of this consultation are not published yet."
        : "Results are not shown to anyone, staff included, while a consultation is open. They are published after it closes.",
    );
  }
  const raw = await cachedResults(c, c.forums);
  return { c, raw, results: { ...raw, threshold: SMALL_NUMBER_THRESHOLD } };
}
