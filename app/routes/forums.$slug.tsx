// A forum's page: its approved threads, newest activity first, 25 at a time. Members of the
// forum and staff only — to anyone else the forum does not exist (404).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { SuccessBanner } from "~/components/forms";
import { ResponseClockLine } from "~/components/response-clock";
import { getForumForUser } from "~/models/people/forums.server";
import { decodeCursor, listForumThreads } from "~/models/threads/threads.server";
import { requireUser } from "~/services/session.server";
import { formatLondonDate } from "~/utils/london-time";
import { can } from "~/utils/permissions";

const PAGE_SIZE = 25;
const ORGANISATION_SHORT: Record<string, string> = { met: "the Met", mopac: "MOPAC" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.forum.name ?? "Forum"} – Victim Voice Forum` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const forum = await getForumForUser(params.slug ?? "", user);
  // A forum you do not belong to is not shown to exist.
  if (!forum) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  // A cursor that does not decode is ignored: the first page is shown instead.
  const after = decodeCursor(url.searchParams.get("after"));
  const { threads, next } = await listForumThreads({ forumId: forum.id, viewer: user, after, limit: PAGE_SIZE });
  return {
    forum: { name: forum.name, slug: forum.slug, description: forum.description },
    canPost: can(user.role, "post:create"),
    isLaterPage: !!after,
    next,
    now: new Date().toISOString(),
    threads: threads.map((t) => ({
      id: t.id,
      title: t.title,
      authorName: t.authorName,
      visibility: t.visibility,
      replyCount: t.replyCount,
      lastActivity: formatLondonDate(t.lastActivityAt),
      hasOfficialResponse: t.hasOfficialResponse,
      awaiting:
        t.responseOrganisation && t.responseDueAt && !t.hasOfficialResponse
          ? { organisationName: ORGANISATION_SHORT[t.responseOrganisation] ?? t.responseOrganisation, dueAt: t.responseDueAt.toISOString() }
          : null,
    })),
  };
}

function replies(n: number) {
  if (n === 0) return "No replies";
  return n === 1 ? "1 reply" : `${n} replies`;
}

export default function ForumPage() {
  const { forum, canPost, threads, next, isLaterPage, now } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("withdrawn") === "1" ? <SuccessBanner>Your thread has been withdrawn. Nobody else can see it now.</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{forum.name}</h1>
      {forum.description ? <p className="govuk-body-l">{forum.description}</p> : null}
      {canPost ? (
        <Link to={`/threads/new?forum=${encodeURIComponent(forum.slug)}`} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
          Start a thread
        </Link>
      ) : null}
      <h2 className="govuk-heading-m">{isLaterPage ? "Older threads" : "Threads"}</h2>
      {threads.length === 0 ? (
        <p className="govuk-body">{isLaterPage ? "There are no older threads." : "There are no threads here yet."}</p>
      ) : (
        <ul className="govuk-list vvf-thread-list">
          {threads.map((t) => (
            <li key={t.id} className="vvf-thread-list__item">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                <Link className="govuk-link" to={`/threads/${t.id}`}>
                  {t.title}
                </Link>
              </h3>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                <strong className={`govuk-tag ${t.visibility === "public" ? "govuk-tag--blue" : "govuk-tag--grey"}`}>
                  {t.visibility === "public" ? "Public" : "Members only"}
                </strong>{" "}
                {t.hasOfficialResponse ? (
                  <strong className="govuk-tag govuk-tag--green">Official response</strong>
                ) : null}
              </p>
              <p className="govuk-body-s vvf-post-meta govuk-!-margin-bottom-1">
                Started by {t.authorName} · {replies(t.replyCount)} · Last activity {t.lastActivity}
              </p>
              {t.awaiting ? (
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  <ResponseClockLine dueAt={t.awaiting.dueAt} now={now} organisationName={t.awaiting.organisationName} />
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {next || isLaterPage ? (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of threads">
          {isLaterPage ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={`/forums/${forum.slug}`} rel="prev">
                <span className="govuk-pagination__link-title">Newest threads</span>
              </Link>
            </div>
          ) : null}
          {next ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={`/forums/${forum.slug}?after=${encodeURIComponent(next)}`} rel="next">
                <span className="govuk-pagination__link-title">Older threads</span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
