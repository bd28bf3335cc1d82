// What the three "respond to one thing" pages share (/respond/meetings/:id, /respond/actions/:id,
// /respond/my-met-service/:month): who may open them, how the form is read, checked for
// identifying details and published, and how earlier responses are dated. Each page says only
// what it answers and where the published response is read.
import { data, redirect } from "@remix-run/node";
import { checkResponseDetails, officialResponseSchema } from "~/models/responses/official-responses.server";
import { parseWithZod, readForm } from "~/services/forms.server";
import { refusalOf } from "~/services/http.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";

/** A responder who answers for an organisation (the Met or MOPAC); anyone else is refused. */
export async function requireOrganisationResponder(request: Request) {
  const responder = await requirePermission(request, "official-response:publish");
  if (!responder.organisation) throw forbidden("Your account is not linked to the Metropolitan Police or MOPAC. Please ask an administrator.");
  return responder;
}

/**
 * Reads the response form and publishes it: a field error re-shows the form (400), identifying
 * details ask for confirmation (200), a refusal from the model is answered as its domain error
 * says; once published, the reader goes to the response where the public reads it.
 */
export async function publishResponseFromForm(
  request: Request,
  publish: (input: { body: string; responderTitle: string }) => Promise<{ id: string }>,
  publishedAt: (responseId: string) => string,
) {
  const submission = parseWithZod(await readForm(request), { schema: officialResponseSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), pii: null }, { status: 400 });
  const { body, responderTitle, piiConfirmed } = submission.value;
  const pii = checkResponseDetails({ body, confirmed: piiConfirmed });
  if (pii) return data({ result: submission.reply(), pii }, { status: 200 });
  try {
    const r = await publish({ body, responderTitle });
    return redirect(publishedAt(r.id));
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply), pii: null }, { status: refusal.status });
  }
}

/** Earlier responses with their dates as London reads them. */
export function datedResponses<T extends { publishedAt: Date; editedAt: Date | null }>(responses: T[]) {
  return responses.map((r) => ({ ...r, published: formatLondonDateTime(r.publishedAt), edited: r.editedAt ? formatLondonDateTime(r.editedAt) : null }));
}
