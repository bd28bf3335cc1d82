// The standing feedback form of a borough, opened from the QR code on its victim information
// leaflet: the same form as a single-use link, without an officer or a contact. Such answers are
// counted apart (channel "standing") and limited per address and per borough.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { FeedbackForm, FeedbackSignposts } from "~/components/feedback-form";
import { answerStandingForm, checkComment } from "~/models/feedback/answers.server";
import { CLIENT_IP_HEADER } from "~/services/auth.server";
import { refusalOf } from "~/services/http.server";
import { findBorough } from "~/utils/boroughs";
import { feedbackFormSchema } from "~/utils/feedback-form";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Tell us how the police treated you in ${loaded?.borough ?? "London"} – My Met Service` },
];

function boroughOf(params: Record<string, string | undefined>) {
  const borough = findBorough(params.borough);
  if (!borough) throw new Response("Not found", { status: 404 });
  return borough;
}

export async function loader({ params }: LoaderFunctionArgs) {
  return { borough: boroughOf(params).name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const borough = boroughOf(params);
  const submission = parseWithZod(await readForm(request), { schema: feedbackFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), pii: null, limited: null }, { status: 400 });
  const { comment, piiConfirmed, wantsToHear, interestContact, ...answer } = submission.value;
  const pii = checkComment(comment, piiConfirmed);
  if (pii) return data({ result: submission.reply(), pii, limited: null });
  try {
    await answerStandingForm(
      borough.slug,
      { ...answer, comment, interestContact: wantsToHear === "yes" ? interestContact : null },
      { address: request.headers.get(CLIENT_IP_HEADER) },
    );
    return redirect(`/feedback/thanks${wantsToHear === "yes" ? "?forum=1" : ""}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply), pii: null, limited: refusal.status === 429 ? refusal.message : null }, { status: refusal.status });
  }
}

export default function StandingFeedback() {
  const { borough } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  if (acted?.limited) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Please try again later</h1>
          <p className="govuk-body">{acted.limited} Nothing you wrote has been kept.</p>
          <FeedbackSignposts />
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <FeedbackForm
          result={acted?.result}
          pii={acted?.pii ?? null}
          intro={`You had contact with the Metropolitan Police in ${borough}. Your answer helps the police learn what they do well and what they must do better.`}
        />
      </div>
      <div className="govuk-grid-column-one-third">
        <FeedbackSignposts />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
