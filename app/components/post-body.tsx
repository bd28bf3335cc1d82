// A post's body as the reader sees it. Only the sanitized `bodyHtml` (rendered and cleaned once,
// on save, by app/services/markdown.server.ts) ever reaches dangerouslySetInnerHTML. With
// content warnings, the body stays collapsed behind a native <details> until the reader opens
// it, which works without JavaScript.
import { Link } from "@remix-run/react";
import { warningLabels } from "~/utils/content-warnings";
import { EmergencyContacts, ReportPostForm, WithdrawPostForm } from "./post-form";
import { ORGANISATION_LABELS, isOrganisation } from "~/utils/permissions";

export function PostBody({ bodyHtml, contentWarnings = [] }: { bodyHtml: string; contentWarnings?: readonly string[] }) {
  const body = <div className="vvf-post-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />;
  const labels = warningLabels(contentWarnings);
  if (!labels.length) return body;
  return (
    <details className="govuk-details vvf-content-warning">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Content warning: {labels.join(", ")}. Show this post</span>
      </summary>
      <div className="govuk-details__text">{body}</div>
    </details>
  );
}

export type OfficialResponseView = {
  id: string;
  organisation: string;
  responderTitle: string;
  bodyHtml: string;
  published: string;
  edited: string | null;
};

/** An official response from the Met or MOPAC, set apart from members' posts by its badge. */
export function OfficialResponse({ response }: { response: OfficialResponseView }) {
  const org = isOrganisation(response.organisation) ? response.organisation : null;
  return (
    <article className="vvf-response" id={`response-${response.id}`} aria-labelledby={`response-${response.id}-heading`}>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-2" id={`response-${response.id}-heading`}>
        <span className={`vvf-badge${org === "mopac" ? " vvf-badge--mopac" : ""}`}>{org ? ORGANISATION_LABELS[org] : response.organisation}</span>{" "}
        Official response
      </h3>
      <p className="govuk-body-s vvf-post-meta">
        {response.responderTitle} · {response.published}
        {response.edited ? <> · Edited on {response.edited}</> : null}
      </p>
      <PostBody bodyHtml={response.bodyHtml} />
    </article>
  );
}

export type ThreadPostView = {
  id: string;
  own: boolean;
  status: string;
  bodyHtml: string;
  contentWarnings: string[];
  authorName: string;
  date: string;
  rejection: { reason: string; note: string | null } | null;
  redactionNote: string | null;
};

/**
 * One post on a thread page. Its author also sees where it stands with the moderators and can
 * withdraw it; other signed-in readers can report an approved post.
 */
export function ThreadPost({
  post,
  threadId,
  canReport,
  showSafetyBox,
  reportError,
  reportReason,
}: {
  post: ThreadPostView;
  threadId: string;
  canReport: boolean;
  showSafetyBox: boolean;
  reportError?: string;
  reportReason?: string;
}) {
  const awaiting = post.status === "pending" || post.status === "safeguarding";
  const canWithdraw = post.own && ["pending", "approved", "rejected"].includes(post.status);
  return (
    <article className={`vvf-post${post.own && post.status !== "approved" ? " vvf-post--own-unpublished" : ""}`} id={`post-${post.id}`} aria-labelledby={`post-${post.id}-heading`}>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={`post-${post.id}-heading`}>
        {post.authorName}
        {post.own ? <span className="govuk-visually-hidden"> (you)</span> : null}
      </h3>
      <p className="govuk-body-s vvf-post-meta">
        {post.date}{" "}
        {post.own && awaiting ? <strong className="govuk-tag govuk-tag--yellow">Awaiting moderation</strong> : null}
        {post.own && post.status === "rejected" ? <strong className="govuk-tag govuk-tag--red">Not approved</strong> : null}
      </p>
      {post.own && post.status === "safeguarding" && showSafetyBox ? <EmergencyContacts headingLevel={4} /> : null}
      {post.rejection ? (
        <div className="govuk-inset-text vvf-rejection">
          <p className="govuk-body govuk-!-margin-bottom-1">
            <strong>Why it was not approved:</strong> {post.rejection.reason}
          </p>
          {post.rejection.note ? <p className="govuk-body vvf-pre-wrap govuk-!-margin-bottom-1">{post.rejection.note}</p> : null}
          <p className="govuk-body govuk-!-margin-bottom-0">
            <Link className="govuk-link" to={`/threads/${threadId}/posts/${post.id}/edit`}>
              Edit and send again
            </Link>
          </p>
        </div>
      ) : null}
      {post.own && post.status === "pending" ? (
        <p className="govuk-body-s">
          Only you and the moderators can see this post until it is approved.{" "}
          <Link className="govuk-link" to={`/threads/${threadId}/posts/${post.id}/edit`}>
            Edit this post
          </Link>
        </p>
      ) : null}
      {post.redactionNote ? (
        <div className="govuk-inset-text">
          <strong>A moderator edited this post to keep people safe.</strong> Their note: {post.redactionNote}
        </div>
      ) : null}
      <PostBody bodyHtml={post.bodyHtml} contentWarnings={post.contentWarnings} />
      {canWithdraw ? <WithdrawPostForm postId={post.id} action={`/threads/${threadId}`} /> : null}
      {!post.own && canReport && post.status === "approved" ? (
        <ReportPostForm postId={post.id} action={`/threads/${threadId}`} error={reportError} defaultReason={reportReason} open={!!reportError} />
      ) : null}
    </article>
  );
}
