// /respond/my-met-service/:month: the Met publishes its official response to a month's My Met
// Service report ("You said, we did" for feedback) once the month's figures are published, once. Like every
// official response it is public at once (on the report's page, /responses, the feed and open
// data) and audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { datedResponses, publishResponseFromForm, requireOrganisationResponder } from "~/services/official-response-form.server";
import { ErrorPage } from "~/components/error-page";
import { ErrorSummary } from "~/components/forms";
import { ResponsesWithForm } from "~/components/official-response-form";
import { OfficialResponse } from "~/components/post-body";
import { ResponseClock } from "~/components/response-clock";
import { feedbackReportResponseOffer, findFeedbackReport, listResponsesOn, publishFeedbackReportResponse } from "~/models/responses/official-responses.server";
import { lastResponderTitle } from "~/models/threads/official-responses.server";
import { forbidden } from "~/services/session.server";
import { feedbackReportDueAt } from "~/utils/clocks";
import { monthLabel } from "~/utils/months";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Respond: My Met Service report, ${data.report.label}` : "Respond"} – Victim Voice Forum` }];

async function loadReport(request: Request, month: string) {
  const responder = await requireOrganisationResponder(request);
  const report = await findFeedbackReport(month);
  if (!report) throw new Response("There is no My Met Service report for that month", { status: 404 });
  return { responder, report };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { responder, report } = await loadReport(request, params.month ?? "");
  const now = new Date();
  const offer = await feedbackReportResponseOffer(responder, report.month, now);
  if (!offer) throw forbidden("Only the Metropolitan Police responds to a month's My Met Service report, once the month's figures are published (4 weeks after it).");
  const [responses, title] = await Promise.all([listResponsesOn("feedback-report", report.id), lastResponderTitle(responder.id)]);
  return {
    offer,
    lastTitle: title ?? "",
    now: now.toISOString(),
    report: { month: report.month, label: monthLabel(report.month), dueAt: feedbackReportDueAt(report.month).toISOString() },
    responses: datedResponses(responses),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { responder, report } = await loadReport(request, params.month ?? "");
  return publishResponseFromForm(request, ({ body, responderTitle }) => publishFeedbackReportResponse(responder, { month: report.month, body, responderTitle }), (id) => `/my-met-service/${report.month}?done=response#response-${id}`);
}

export default function RespondToFeedbackReport() {
  const { offer, lastTitle, report, responses, now } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "responderTitle", "body"]} />
      <span className="govuk-caption-l">My Met Service</span>
      <h1 className="govuk-heading-l">Respond to the report for {report.label}</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/my-met-service/${report.month}`}>
          Read the report: victims&apos; ratings of officers in {report.label}, London-wide and by borough
        </Link>
      </p>
      {offer.state === "may-respond" ? <ResponseClock kind="feedback-report" dueAt={report.dueAt} now={now} organisationName={offer.organisationLabel} /> : null}
      <div className="govuk-inset-text">
        Your response is public at once: on the report&apos;s page, on the list of official responses, in the feed and in open data. Say what the
        Met will do about what victims told it. Do not name officers or victims.
      </div>
      <ResponsesWithForm
        responses={responses}
        offer={offer}
        noneYet="There is no official response to this report yet."
        responded="has responded to this report. It responds once."
        lastTitle={lastTitle}
        result={acted?.result}
        pii={acted?.pii ?? null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
