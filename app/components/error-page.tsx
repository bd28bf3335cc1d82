// The one error page every route's ErrorBoundary uses. 403 and 404 read kindly; anything else
// says sorry without showing internals.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <>
          <h1 className="govuk-heading-l">Page not found</h1>
          <p className="govuk-body">If you typed the web address, check it is correct.</p>
          <p className="govuk-body">
            You can go to the <Link className="govuk-link" to="/">home page</Link> or find{" "}
            <Link className="govuk-link" to="/support">support</Link>.
          </p>
        </>
      );
    }
    if (error.status === 403) {
      return (
        <>
          <h1 className="govuk-heading-l">You cannot see this page</h1>
          <p className="govuk-body">{typeof error.data === "string" && error.data ? error.data : "Your account does not have access to this page."}</p>
          <p className="govuk-body">
            If you think you should be able to see it, please contact the forum&apos;s moderators. You can go to the{" "}
            <Link className="govuk-link" to="/">home page</Link>.
          </p>
        </>
      );
    }
    if (error.status === 429) {
      return (
        <>
          <h1 className="govuk-heading-l">Please wait a moment</h1>
          <p className="govuk-body">There have been too many attempts from your connection. Please wait a few minutes and try again.</p>
        </>
      );
    }
    if (error.status < 500) {
      return (
        <>
          <h1 className="govuk-heading-l">Something was not right</h1>
          <p className="govuk-body">{typeof error.data === "string" && error.data ? error.data : "The request could not be completed."}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/">Go to the home page</Link>
          </p>
        </>
      );
    }
  }
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Please try again later. Nothing you sent has been shared.</p>
      <p className="govuk-body">
        If you need support now, see <Link className="govuk-link" to="/support">support services</Link>.
      </p>
    </>
  );
}
