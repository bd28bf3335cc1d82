// The site's own page for a request the server refused before any route saw it (app/server.ts):
// a state-changing request from another website (403), or too many attempts at better-auth's
// endpoints or an Express rate limit (429), a body larger than any form sends (413) or one that
// is not a form at all (415), or an address that cannot be read (400). The server renders this
// route itself, passing the refusal in the load context; opened as an address, it is not found.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ErrorPage } from "~/components/error-page";
import { otherSiteRefusal, refusalHeaders, tooManyAttempts } from "~/services/http.server";
import { notAForm, tooLarge } from "~/services/forms.server";

export const meta: MetaFunction = ({ error }) => [
  { title: `${(error as { status?: number } | undefined)?.status === 429 ? "Please wait before trying again" : "We could not accept that"} – Victim Voice Forum` },
];

export const headers = refusalHeaders;

export type RefusedContext = { refusal?: { kind: "other-site" } | { kind: "too-many"; retryAt: Date } | { kind: "too-large" } | { kind: "not-a-form" } | { kind: "bad-address" } };

export async function loader({ context }: LoaderFunctionArgs) {
  const refusal = (context as RefusedContext).refusal;
  if (refusal?.kind === "other-site") throw otherSiteRefusal();
  if (refusal?.kind === "too-many") throw tooManyAttempts(refusal.retryAt);
  if (refusal?.kind === "too-large") throw tooLarge();
  if (refusal?.kind === "not-a-form") throw notAForm();
  if (refusal?.kind === "bad-address") throw new Response("That web address has a character in it that cannot be used. Check it is correct.", { status: 400, headers: { "Cache-Control": "no-store" } });
  throw new Response("Not found", { status: 404 });
}

export default function Refused() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
