// A borough's victim information leaflet as a PDF, A4 or (?size=a5) A5: the same words and QR
// code as /leaflets/:borough.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { standingFeedbackUrl } from "~/models/feedback/links.server";
import { PUBLIC_FILE_CACHE } from "~/services/http.server";
import { leafletPdf } from "~/services/leaflet-pdf.server";
import { findBorough } from "~/utils/boroughs";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const borough = findBorough(params.borough);
  if (!borough) throw new Response("Not found", { status: 404 });
  const size = new URL(request.url).searchParams.get("size") === "a5" ? "a5" : "a4";
  const pdf = await leafletPdf({ boroughName: borough.name, formUrl: standingFeedbackUrl(borough.slug), size });
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="victim-information-${borough.slug}-${size}.pdf"`,
      "Cache-Control": PUBLIC_FILE_CACHE,
    },
  });
}
