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

/** The parts of a post before its forms: the same for every reader when it is not theirs. */
export function ThreadPostContent({ post, threadId, showSafetyBox }: { post: ThreadPostView; threadId: string; showSafetyBox: boolean }) {
  const awaiting = post.status === "pending" || post.status === "safeguarding";
  return (
    <>
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
    </>
  );
}

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
  const canWithdraw = post.own && ["pending", "approved", "rejected"].includes(post.status);
  return (
    <article className={`vvf-post${post.own && post.status !== "approved" ? " vvf-post--own-unpublished" : ""}`} id={`post-${post.id}`} aria-labelledby={`post-${post.id}-heading`}>
      <ThreadPostContent post={post} threadId={threadId} showSafetyBox={showSafetyBox} />
      {canWithdraw ? <WithdrawPostForm postId={post.id} action={`/threads/${threadId}`} /> : null}
      {!post.own && canReport && post.status === "approved" ? (
        <ReportPostForm postId={post.id} action={`/threads/${threadId}`} error={reportError} defaultReason={reportReason} open={!!reportError} />
      ) : null}
    </article>
  );
}

/** Where a post's id goes in the report form's markup (app/services/post-fragments.server.tsx). */
export const REPORT_FORM_POST_ID = "POSTIDPLACEHOLDER";

/**
 * An approved post by someone other than the reader, as markup made once on the server (the
 * same for every reader of the forum; see app/services/post-fragments.server.tsx) followed by
 * the report form, when the reader may report. The markup travels once: in the page's HTML for
 * a page load (the browser takes it back from the page when it hydrates) or in the loader data
 * when the page is revalidated or reached by a link.
 */
export type SharedPostView = { id: string; shared: true; key: string; html?: string };

// Browser only: each shared post's markup by its key, as last seen.
const seen = new Map<string, string>();

/** The post's markup: from the loader data, else as seen before, else from the page itself. */
function sharedMarkup(post: SharedPostView): string {
  if (typeof document === "undefined") return post.html ?? "";
  let html = post.html ?? seen.get(post.key) ?? document.getElementById(`post-${post.id}`)?.innerHTML ?? "";
  if (seen.size > 2000) seen.clear();
  seen.set(post.key, html);
  return html;
}

/** The markup without its report form (the last element), for showing the form's error. */
function withoutReportForm(html: string, form: string): string {
  if (html.endsWith(form)) return html.slice(0, html.length - form.length);
  if (typeof document === "undefined") return html;
  const t = document.createElement("template");
  t.innerHTML = html;
  t.content.lastElementChild?.remove();
  return t.innerHTML;
}

export function SharedThreadPost({
  post,
  threadId,
  reportForm,
  reportError,
  reportReason,
  onSubmit,
}: {
  post: SharedPostView;
  threadId: string;
  /** The report form's markup with REPORT_FORM_POST_ID for the post's id; null when the reader may not report. */
  reportForm: string | null;
  reportError?: string;
  reportReason?: string;
  onSubmit?: React.FormEventHandler<HTMLElement>;
}) {
  const html = sharedMarkup(post);
  const attrs = { className: "vvf-post", id: `post-${post.id}`, "aria-labelledby": `post-${post.id}-heading`, onSubmit };
  if (reportForm && reportError) {
    const content = withoutReportForm(html, reportForm.replaceAll(REPORT_FORM_POST_ID, post.id));
    return (
      <article {...attrs}>
        <div dangerouslySetInnerHTML={{ __html: content }} />
        <ReportPostForm postId={post.id} action={`/threads/${threadId}`} error={reportError} defaultReason={reportReason} open />
      </article>
    );
  }
  return <article {...attrs} dangerouslySetInnerHTML={{ __html: html }} />;
}
