// A forum's page: its approved threads, newest activity first, 25 at a time. Members of the
// forum and staff see every thread; signed out, it is the forum's public listing (public threads
// only — a members-only thread is never listed, not even by title), cacheable like every public
// page. Signed in to a forum that is not yours, the forum is not shown to exist (404).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useNavigateOnClick } from "~/components/list-link";
import { SuccessBanner } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { ResponseClockLine } from "~/components/response-clock";
import { getForumBySlug, getForumForUser } from "~/models/people/forums.server";
import { decodeCursor, listForumThreads, listPublicThreads } from "~/models/threads/threads.server";
import { publicPageHeaders } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { formatLondonDate } from "~/utils/london-time";
import { can } from "~/utils/permissions";

const PAGE_SIZE = 25;
const ORGANISATION_SHORT: Record<string, string> = { met: "the Met", mopac: "MOPAC" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.forum.name ?? "Forum"} – Victim Voice Forum` },
  ...(data?.publicListing ? [] : [{ name: "robots", content: "noindex" }]),
];

// Signed out, the page holds public records only; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const forum = user ? await getForumForUser(params.slug ?? "", user) : await getForumBySlug(params.slug ?? "");
  // Signed in, a forum you do not belong to is not shown to exist.
  if (!forum) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  // A cursor that does not decode is ignored: the first page is shown instead.
  const after = decodeCursor(url.searchParams.get("after"));
  const { threads, next } = user
    ? await listForumThreads({ forumId: forum.id, viewer: user, after, limit: PAGE_SIZE })
    : await listPublicThreads({ forumId: forum.id, after, limit: PAGE_SIZE });
  return {
    forum: { name: forum.name, slug: forum.slug, description: forum.description },
    publicListing: !user,
    canPost: !!user && can(user.role, "post:create"),
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
  const { forum, canPost, threads, next, isLaterPage, now, publicListing } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigateOnClick = useNavigateOnClick();
  return (
    <>
      {params.get("withdrawn") === "1" ? <SuccessBanner>Your thread has been withdrawn. Nobody else can see it now.</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{forum.name}</h1>
      {forum.description ? <p className="govuk-body-l">{forum.description}</p> : null}
      {publicListing ? (
        <p className="govuk-body" data-testid="public-listing-note">
          These are the forum's public threads. Members also talk in threads only they can read.{" "}
          <Link className="govuk-link" to="/login">
            Members sign in
          </Link>{" "}
          to read and join in.
        </p>
      ) : null}
      {canPost ? (
        <Link to={`/threads/new?forum=${encodeURIComponent(forum.slug)}`} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
          Start a thread
        </Link>
      ) : null}
      <h2 className="govuk-heading-m">{isLaterPage ? "Older threads" : publicListing ? "Public threads" : "Threads"}</h2>
      {threads.length === 0 ? (
        <p className="govuk-body">{isLaterPage ? "There are no older threads." : publicListing ? "There are no public threads here yet." : "There are no threads here yet."}</p>
      ) : (
        <ul className="govuk-list vvf-thread-list">
          {threads.map((t) => (
            <li key={t.id} className="vvf-thread-list__item">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                <a className="govuk-link" href={`/threads/${t.id}`} onClick={navigateOnClick}>
                  {t.title}
                </a>
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
                {/* One string, one text node: no React text separators (<!-- -->) in every row. */}
                {`Started by ${t.authorName} · ${replies(t.replyCount)} · Last activity ${t.lastActivity}`}
              </p>
              {t.awaiting ? (
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  <ResponseClockLine kind="thread" dueAt={t.awaiting.dueAt} now={now} organisationName={t.awaiting.organisationName} />
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination
        label="Pages of threads"
        block
        newest={isLaterPage ? { href: `/forums/${forum.slug}`, text: "Newest threads" } : null}
        older={next ? { href: `/forums/${forum.slug}?after=${encodeURIComponent(next)}`, text: "Older threads" } : null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
