// /consultations/:id/respond: a responder of the proposing organisation publishes "You said,
// we did" once the results are published: what they heard, what will change, what will not and
// why, and any action items (which join the public action log). It is public at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ConsultationResults } from "~/components/consultation-results";
import { ActionRows } from "~/components/consultation-response-form";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, TextArea, TextInput, type FormResult } from "~/components/forms";
import { getConsultationForViewer } from "~/models/consultations/consultations.server";
import { MAX_ACTIONS, parseActionRows, publishYouSaidWeDid, youSaidWeDidFields } from "~/models/consultations/you-said-we-did.server";
import { cachedResults, SMALL_NUMBER_THRESHOLD } from "~/models/consultations/results.server";
import { refusalOf } from "~/services/http.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { ORGANISATION_LABELS } from "~/utils/permissions";
import { lastResponderTitle } from "~/models/threads/official-responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Respond: ${data.title}` : "Respond to a consultation"} – Victim Voice Forum` }];

async function load(request: Request, id: string) {
  const responder = await requirePermission(request, "official-response:publish");
  const c = await getConsultationForViewer(id, responder);
  if (!c) throw new Response("Not found", { status: 404 });
  if (c.organisation !== responder.organisation) throw forbidden("Only the organisation whose proposal this is can respond to it.");
  if (c.status !== "published") {
    throw new Response(c.status === "responded" ? "This consultation has already been responded to." : "You can respond once the consultation has closed and its results are published.", { status: 409 });
  }
  return { responder, c };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { responder, c } = await load(request, params.id ?? "");
  const [results, title] = await Promise.all([cachedResults(c, c.forums), lastResponderTitle(responder.id)]);
  return { id: c.id, title: c.title, organisation: responder.organisation!, organisationName: ORGANISATION_LABELS[responder.organisation!], lastTitle: title ?? "", results: { ...results, threshold: SMALL_NUMBER_THRESHOLD } };
}

const schema = z.object({ ...youSaidWeDidFields, rows: z.number().int().min(1).max(MAX_ACTIONS).default(1) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { responder, c } = await load(request, params.id ?? "");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const submission = parseWithZod(formData, { schema });
  const rows = Math.min(MAX_ACTIONS, Math.max(1, Number(formData.get("rows")) || 1));
  if (intent === "add-row") {
    return data({ rows: Math.min(MAX_ACTIONS, rows + 1), result: { initialValue: submission.payload, error: {} } as FormResult });
  }
  const parsedRows = parseActionRows(formData, rows);
  if (submission.status !== "success" || Object.keys(parsedRows.errors).length) {
    const reply = submission.reply();
    return data({ rows, result: { ...reply, initialValue: submission.payload, error: { ...(reply.error ?? {}), ...parsedRows.errors } } as FormResult }, { status: 400 });
  }
  try {
    await publishYouSaidWeDid(responder, c.id, { ...submission.value, actions: parsedRows.actions });
    return redirect(`/consultations/${c.id}?done=responded#you-said-we-did`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ rows, result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

export default function Respond() {
  const { id, title, organisation, organisationName, lastTitle, results } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const rows = acted?.rows ?? 1;
  const result = acted?.result;
  const actionFields = Array.from({ length: rows }, (_, i) => ["title", "dueDate", "organisation"].map((f) => `action-${i}-${f}`)).flat();
  return (
    <>
      <ErrorSummary result={result} fieldOrder={["", "responderTitle", "heard", "change", "notChange", ...actionFields]} />
      <span className="govuk-caption-l">{title}</span>
      <h1 className="govuk-heading-l">You said, we did</h1>
      <p className="govuk-body">
        {organisationName}&apos;s response to the consultation. It is published straight away, in public, beside the proposal and its results, with your
        organisation&apos;s badge. Members of the forums consulted are emailed. Do not quote written answers word for word if they could identify anyone.
      </p>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Read the results again</span>
        </summary>
        <div className="govuk-details__text">
          <ConsultationResults results={results} />
        </div>
      </details>
      <Form method="post" noValidate className="govuk-!-width-two-thirds">
        <input type="hidden" name="rows" value={rows} />
        <TextInput name="responderTitle" label="Your role, as shown with the response" hint="For example, Reform lead, Victim Care" defaultValue={lastTitle} result={result} />
        <TextArea name="heard" label="What you told us" hint="Summarise what members said, in plain English. You can use Markdown." result={result} rows={6} />
        <TextArea name="change" label="What will change" hint="What you will do differently, and when." result={result} rows={6} />
        <TextArea name="notChange" label="What will not change, and why" hint="Be honest about what you will not do and the reasons." result={result} rows={6} />
        <h2 className="govuk-heading-m">Action items</h2>
        <p className="govuk-body">Each action item joins the public action log, where its progress is tracked and shown as overdue if it is late. Leave a row blank to skip it.</p>
        <ActionRows rows={rows} result={result} organisation={organisation} />
        <div className="govuk-button-group">
          <Button name="intent" value="publish">
            Publish the response
          </Button>
          {rows < 10 ? (
            <Button secondary name="intent" value="add-row">
              Add another action
            </Button>
          ) : null}
        </div>
      </Form>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/consultations/${id}`}>
          Back to the consultation
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
