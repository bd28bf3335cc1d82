// What the three results routes (page, CSV, JSON) share: find the consultation as the viewer
// may see it, refuse while results are hidden, and compute the aggregates.
import type { Queryable } from "../../../db/client";
import { getCurrentUser } from "~/services/session.server";
import { getConsultationForViewer } from "./consultations.server";
import { cachedResults, canSeeResults, SMALL_NUMBER_THRESHOLD } from "./results.server";

export async function loadResults(request: Request, id: string) {
  const user = await getCurrentUser(request);
  const c = await getConsultationForViewer(id, user);
  if (!c) throw new Response("Not found", { status: 404 });
  if (!canSeeResults(c, user)) {
    throw new Response(
      c.status === "closed"
        ? "The results of this consultation are not published yet."
        : "Results are not shown to anyone, staff included, while a consultation is open. They are published after it closes.",
      { status: 403 },
    );
  }
  const raw = await cachedResults(c, c.forums);
  return { c, raw, results: { ...raw, threshold: SMALL_NUMBER_THRESHOLD } };
}
