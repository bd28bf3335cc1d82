// The one error page every route's ErrorBoundary uses. 403 and 404 read kindly; anything else
// says sorry without showing internals.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { isEdgeRefusal } from "~/utils/refusals";

/** Where to find help, on every refusal page. */
function SupportLinks() {
  return (
    <p className="govuk-body">
      If you need support now, see{" "}
      <Link className="govuk-link" to="/support">
        support services
      </Link>{" "}
      or{" "}
      <Link className="govuk-link" to="/rights">
        your rights as a victim of crime
      </Link>
      . In an emergency, call 999.
    </p>
  );
}

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
    if (error.status === 403 && isEdgeRefusal(error.data) && error.data.refusal === "other-site") {
      return (
        <>
          <h1 className="govuk-heading-l">We could not accept that</h1>
          <p className="govuk-body">
            What you sent came from another website, or your browser did not say where it came from, so nothing was changed. To keep
            your account safe, the forum only accepts forms sent from its own pages.
          </p>
          <p className="govuk-body">
            Go back to the page on the forum, reload it and try again. You can also go to the{" "}
            <Link className="govuk-link" to="/">
              home page
            </Link>
            .
          </p>
          <SupportLinks />
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
      const retry = isEdgeRefusal(error.data) && error.data.refusal === "too-many" ? error.data.retry : null;
      return (
        <>
          <h1 className="govuk-heading-l">Please wait before trying again</h1>
          <p className="govuk-body" data-testid="too-many">
            {`There have been too many attempts from your connection. ${retry ? `You can try again after ${retry}.` : "Please wait a few minutes and try again."}`}
          </p>
          <p className="govuk-body">
            Nothing you sent this time was saved. If you are worried that someone else is using your account, tell the forum&apos;s
            moderators.
          </p>
          <SupportLinks />
        </>
      );
    }
    if (error.status === 413 || error.status === 415) {
      return (
        <>
          <h1 className="govuk-heading-l">We could not accept that</h1>
          <p className="govuk-body">{typeof error.data === "string" && error.data ? error.data : "What you sent could not be accepted, so nothing was saved."}</p>
          <p className="govuk-body">
            Go back to the page on the forum and try again. If you were sending a long piece of text, try sending it in shorter parts. You
            can also go to the{" "}
            <Link className="govuk-link" to="/">
              home page
            </Link>
            .
          </p>
          <SupportLinks />
        </>
      );
    }
    if (error.status === 503) {
      return (
        <>
          <h1 className="govuk-heading-l">Sorry, the service is unavailable for a moment</h1>
          <p className="govuk-body">Please try again in a few seconds.</p>
          <p className="govuk-body">
            If you were sending something, check whether it was saved before you send it again. If you need support now, see{" "}
            <Link className="govuk-link" to="/support">support services</Link>.
          </p>
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
