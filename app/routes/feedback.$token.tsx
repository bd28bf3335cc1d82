// A victim's feedback through the single-use link an officer gave them (QR code, email or text
// message): no account, one answer per link. A used or expired link gets a kind page (410), an
// unknown one a kind "not found" (404). Works without JavaScript.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { FeedbackForm, FeedbackGone, FeedbackSignposts } from "~/components/feedback-form";
import { answerFeedbackLink, checkComment, FeedbackLinkGoneError } from "~/models/feedback/answers.server";
import { findFeedbackLink } from "~/models/feedback/links.server";
import { refusalOf } from "~/services/http.server";
import { feedbackFormSchema } from "~/utils/feedback-form";

export const meta: MetaFunction = () => [{ title: "Tell us how the police treated you – My Met Service" }, { name: "robots", content: "noindex" }];

// The address holds the link's secret: never stored by a cache. Remix sends a document's headers
// from this function only (the loader's alone were never sent). The site's Referrer-Policy
// (same-origin, app/server.ts) already keeps the address from other sites; "no-referrer" here
// would make browsers send the form's POST with Origin "null", which the site refuses.
const NO_STORE = { "Cache-Control": "private, no-store" };
export const headers: HeadersFunction = () => NO_STORE;

export async function loader({ params }: LoaderFunctionArgs) {
  const { state } = await findFeedbackLink(params.token ?? "");
  if (state === "open") return data({ state }, { headers: NO_STORE });
  return data({ state }, { status: state === "unknown" ? 404 : 410, headers: NO_STORE });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const submission = parseWithZod(await readForm(request), { schema: feedbackFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), pii: null, state: null }, { status: 400, headers: NO_STORE });
  const { comment, piiConfirmed, wantsToHear, interestContact, ...answer } = submission.value;
  const pii = checkComment(comment, piiConfirmed);
  if (pii) return data({ result: submission.reply(), pii, state: null }, { headers: NO_STORE });
  try {
    await answerFeedbackLink(token, { ...answer, comment, interestContact: wantsToHear === "yes" ? interestContact : null });
    return redirect(`/feedback/thanks${wantsToHear === "yes" ? "?forum=1" : ""}`);
  } catch (err) {
    const refusal = refusalOf(err);
    if (err instanceof FeedbackLinkGoneError) return data({ result: null, pii: null, state: err.state }, { status: refusal.status, headers: NO_STORE });
    return data({ result: submission.reply(refusal.reply), pii: null, state: null }, { status: refusal.status, headers: NO_STORE });
  }
}

export default function FeedbackThroughLink() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const state = acted?.state ?? loaded.state;
  if (state !== "open") return <FeedbackGone state={state} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <FeedbackForm result={acted?.result} pii={acted?.pii ?? null} intro="An officer asked you for feedback after speaking to you. Your answer helps the Metropolitan Police learn what it does well and what it must do better." />
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
