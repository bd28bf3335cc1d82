// /consultations/:id/results.csv: the published results' aggregates as CSV (csv-stringify),
// never an individual response. Same access as the results page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadResults } from "~/models/consultations/results-page.server";
import { pageErrorOf } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { resultsCsv } from "~/models/consultations/results.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { c, raw } = await loadResults(params.id ?? "", await getCurrentUser(request)).catch(pageErrorOf);
  return new Response(resultsCsv(raw), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="consultation-${c.id}-results.csv"`,
      "cache-control": c.status === "closed" ? "private, no-store" : "public, max-age=60",
    },
  });
}
