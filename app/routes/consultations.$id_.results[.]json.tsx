// /consultations/:id/results.json: the published results' aggregates as JSON, never an
// individual response. Same access as the results page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadResults } from "~/models/consultations/results-page.server";
import { pageErrorOf } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { resultsJson } from "~/models/consultations/results.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { c, raw } = await loadResults(params.id ?? "", await getCurrentUser(request)).catch(pageErrorOf);
  return new Response(JSON.stringify(resultsJson(c, raw), null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="consultation-${c.id}-results.json"`,
      "cache-control": c.status === "closed" ? "private, no-store" : "public, max-age=60",
    },
  });
}
