// After a victim's feedback is stored: thanks, what happens next, and where to get help.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FeedbackSignposts } from "~/components/feedback-form";

export const meta: MetaFunction = () => [{ title: "Thank you for your feedback – My Met Service" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { forum: new URL(request.url).searchParams.get("forum") === "1" };
}

export default function FeedbackThanks() {
  const { forum } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Thank you for your feedback</h1>
        </div>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          Your answers are added to the figures for your borough. They help the Metropolitan Police see what it does well and what it
          must do better. If you wrote a comment, a moderator reads it first. It is never published.
        </p>
        {forum ? (
          <p className="govuk-body">
            You asked to hear about the Victim Voice Forum. A moderator will contact you. Your contact details are kept apart from your
            answers.
          </p>
        ) : null}
        <FeedbackSignposts />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
