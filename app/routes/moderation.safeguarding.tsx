// /moderation/safeguarding: posts whose author said they are at risk now, or that a moderator
// escalated, oldest first. Moderators only. Nothing here is ever published as written.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useRoom } from "~/components/live";
import { requirePermission } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { listSafeguarding } from "~/models/threads/safeguarding.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Safeguarding – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "moderation:review");
  const items = await listSafeguarding();
  return {
    items: items.map((i) => ({
      postId: i.postId,
      threadTitle: i.threadTitle,
      forumName: i.forumName,
      authorName: i.authorName,
      atRisk: i.atRisk,
      submittedAt: formatLondonDateTime(i.submittedAt),
      escalatedAt: i.atRisk ? null : formatLondonDateTime(i.decidedAt),
    })),
  };
}

export default function Safeguarding() {
  const { items } = useLoaderData<typeof loader>();
  const { revalidate } = useRevalidator();
  useRoom("moderation", { "queue:changed": () => revalidate() });
  return (
    <>
      <h1 className="govuk-heading-l">Safeguarding</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            These posts come from members who said they are at risk now, or were escalated by a moderator. Only moderators see this list.
          </p>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              If anyone may be in immediate danger, call 999 now.
            </strong>
          </div>
          <h2 className="govuk-heading-m">What to do</h2>
          <ol className="govuk-list govuk-list--number">
            <li>Follow the forum&apos;s safeguarding procedure, starting with the oldest item.</li>
            <li>Contact the member: the administrator holds their contact details. Members who ticked &ldquo;I am at risk now&rdquo; were shown emergency contacts (999, 101 and support services) when they posted.</li>
            <li>
              Then decide on the post. It is never published as written: reject it, or redact it to publish a safe version. See{" "}
              <Link className="govuk-link" to="/support">
                support services
              </Link>{" "}
              for who to refer people to.
            </li>
          </ol>
        </div>
      </div>
      <p className="govuk-body" data-testid="safeguarding-count">
        {items.length === 0 ? "Nothing is on the safeguarding list." : `${items.length} ${items.length === 1 ? "post is" : "posts are"} on the safeguarding list.`}
      </p>
      {items.length ? (
        <TableScroll>
        <table className="govuk-table" data-testid="safeguarding-list">
          <caption className="govuk-table__caption govuk-table__caption--m">Posts, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Thread</th>
              <th scope="col" className="govuk-table__header">Why it is here</th>
              <th scope="col" className="govuk-table__header">Author</th>
              <th scope="col" className="govuk-table__header">Submitted</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((i) => (
              <tr className="govuk-table__row" key={i.postId} data-post-id={i.postId}>
                <td className="govuk-table__cell">
                  {i.threadTitle}
                  <br />
                  <span className="govuk-body-s">{i.forumName}</span>
                </td>
                <td className="govuk-table__cell">
                  {i.atRisk ? <strong className="govuk-tag govuk-tag--red">At risk now</strong> : <strong className="govuk-tag govuk-tag--orange">Escalated</strong>}
                  {i.escalatedAt ? <span className="govuk-body-s"> {i.escalatedAt}</span> : null}
                </td>
                <td className="govuk-table__cell">{i.authorName}</td>
                <td className="govuk-table__cell">{i.submittedAt}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/moderation/items/${i.postId}`}>
                    Review<span className="govuk-visually-hidden"> the post in “{i.threadTitle}” by {i.authorName}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
