// A thread: its approved posts (plus the viewer's own posts still with the moderators), the
// official responses, and a reply form for the forum's members. Public threads are readable
// signed out; a members-only thread is a 404 to anyone who may not read it. New approved posts
// and official responses arrive live over Socket.IO and are announced politely.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { useState } from "react";
import { z } from "zod";
import { postFormFields } from "~/utils/post-fields";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, SuccessBanner, type FormResult } from "~/components/forms";
import { useRoom } from "~/components/live";
import { PiiFindings } from "~/components/pii-findings";
import { OfficialResponse, ThreadPost } from "~/components/post-body";
import { EmergencyContacts, PostFields } from "~/components/post-form";
import { ResponseClock } from "~/components/response-clock";
import { DecisionConflictError, PostNotFoundError, transitionPost } from "~/models/threads/post-lifecycle.server";
import {
  checkIdentifyingDetails,
  getThreadForViewer,
  listThreadPosts,
  listThreadResponses,
  PostingError,
  replyToThread,
  ReportError,
  reportPost,
} from "~/models/threads/threads.server";
import { getCurrentUser, requireUser } from "~/services/session.server";
import { REJECTION_REASONS, type RejectionReason } from "~/utils/content-warnings";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { can, isOrganisation, type Organisation } from "~/utils/permissions";

const ORGANISATION_NAMES: Record<Organisation, string> = { met: "the Metropolitan Police", mopac: "MOPAC" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.thread.title ?? "Thread"} – Victim Voice Forum` },
  ...(!data || data.thread.visibility !== "public" || !data.thread.published ? [{ name: "robots", content: "noindex" }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const thread = await getThreadForViewer(params.id ?? "", user);
  if (!thread) throw new Response("Not found", { status: 404 });
  const [posts, responses] = await Promise.all([listThreadPosts(thread.id, user), listThreadResponses(thread.id)]);
  const org = isOrganisation(thread.responseOrganisation) ? thread.responseOrganisation : null;
  const answered = responses.find((r) => r.organisation === org);
  // A public thread seen signed out is the same for everyone: proxies (and the server's own
  // short cache) may keep it briefly. Anything else is personal or members-only.
  const shared = !user && thread.visibility === "public";
  const cacheHeaders: HeadersInit = shared ? { "Cache-Control": "public, max-age=10, stale-while-revalidate=30" } : {};
  return data({
    now: new Date().toISOString(),
    thread: {
      id: thread.id,
      title: thread.title,
      visibility: thread.visibility,
      published: thread.published,
      forumName: thread.forumName,
      forumSlug: thread.viewerIsForumMember ? thread.forumSlug : null,
      clock: org && thread.responseDueAt && !answered ? { organisationName: ORGANISATION_NAMES[org], dueAt: thread.responseDueAt.toISOString() } : null,
      answered: org && answered ? { organisationName: ORGANISATION_NAMES[org], id: answered.id } : null,
    },
    canReply: !!user && thread.published && thread.viewerIsForumMember && can(user.role, "post:create"),
    canReport: !!user && can(user.role, "post:report"),
    posts: posts.map((p) => {
      const own = !!user && p.authorId === user.id;
      return {
        id: p.id,
        own,
        status: p.status,
        bodyHtml: p.bodyHtml,
        contentWarnings: p.contentWarnings,
        authorName: p.authorName,
        date: formatLondonDateTime(p.approvedAt ?? p.submittedAt),
        rejection:
          own && p.status === "rejected"
            ? { reason: REJECTION_REASONS[p.rejectionReason as RejectionReason] ?? "The moderators did not give a reason", note: p.rejectionNote }
            : null,
        redactionNote: own && p.redactedAt ? p.redactionNote : null,
      };
    }),
    responses: responses.map((r) => ({
      id: r.id,
      organisation: r.organisation,
      responderTitle: r.responderTitle,
      bodyHtml: r.bodyHtml,
      published: formatLondonDate(r.publishedAt),
      edited: r.editedAt ? formatLondonDate(r.editedAt) : null,
    })),
  }, { headers: cacheHeaders });
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => (errorHeaders ? {} : loaderHeaders);

const replySchema = z.object(postFormFields);
const reportSchema = z.object({
  postId: z.string().uuid("Choose a post to report"),
  reason: z.string({ required_error: "Tell us why you are reporting this post" }).trim().max(2000, "Your reason must be 2,000 characters or fewer"),
});

/** A message for the whole page, or one that belongs to a field (kept with what was typed). */
function problem(key: string, message: string, initialValue: Record<string, string> = {}): FormResult {
  return { status: "error", error: { [key]: [message] }, initialValue };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const thread = await getThreadForViewer(params.id ?? "", user);
  if (!thread) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const intent = formData.get("intent");
  const postId = String(formData.get("postId") ?? "");

  if (intent === "withdraw") {
    if (!z.string().uuid().safeParse(postId).success) return data({ intent, postId, pii: null, result: problem("", "That post does not exist") }, { status: 400 });
    try {
      const withdrawn = await transitionPost({ postId, actor: user, transition: { kind: "withdraw" } });
      if (withdrawn.isOpening && thread.viewerIsForumMember) return redirect(`/forums/${thread.forumSlug}?withdrawn=1`);
      return redirect(`/threads/${thread.id}?withdrawn=1`);
    } catch (err) {
      if (err instanceof DecisionConflictError) return data({ intent, postId, pii: null, result: problem("", err.message) }, { status: 409 });
      if (err instanceof PostNotFoundError) return data({ intent, postId, pii: null, result: problem("", "That post does not exist, or it is not yours to withdraw") }, { status: 404 });
      throw err;
    }
  }

  if (intent === "report") {
    const submission = parseWithZod(formData, { schema: reportSchema });
    const key = `report-${postId}`;
    const reason = String(formData.get("reason") ?? "");
    if (submission.status !== "success") {
      const message = submission.error?.reason?.[0] ?? submission.error?.postId?.[0] ?? "Tell us why you are reporting this post";
      return data({ intent, postId, pii: null, result: problem(key, message, { reason }) }, { status: 400 });
    }
    try {
      const { alreadyReported } = await reportPost(user, submission.value);
      return redirect(`/threads/${thread.id}?reported=${alreadyReported ? "again" : "1"}`);
    } catch (err) {
      if (err instanceof ReportError) return data({ intent, postId, pii: null, result: problem(key, err.message, { reason }) }, { status: 400 });
      throw err;
    }
  }

  if (intent === "reply") {
    const submission = parseWithZod(formData, { schema: replySchema });
    if (submission.status !== "success") return data({ intent, postId: null, pii: null, result: submission.reply() as FormResult }, { status: 400 });
    const { piiConfirmed, ...reply } = submission.value;
    const pii = checkIdentifyingDetails({ body: reply.body, confirmed: piiConfirmed });
    if (pii) return data({ intent, postId: null, pii, result: submission.reply() as FormResult }, { status: 200 });
    try {
      await replyToThread(user, { threadId: thread.id, ...reply });
      return redirect(`/threads/${thread.id}?submitted=${reply.atRisk ? "at-risk" : "1"}`);
    } catch (err) {
      if (err instanceof PostingError) return data({ intent, postId: null, pii: null, result: submission.reply({ formErrors: [err.message] }) as FormResult }, { status: 400 });
      throw err;
    }
  }
  throw new Response("Unknown action", { status: 400 });
}

/** The report form's error and text, for the post whose report failed. */
function reportProblem(acted: { intent: unknown; postId: string | null; result: FormResult } | undefined, postId: string) {
  if (acted?.intent !== "report" || acted.postId !== postId) return {};
  const reason = acted.result?.initialValue?.reason;
  return { reportError: acted.result?.error?.[`report-${postId}`]?.[0] ?? undefined, reportReason: typeof reason === "string" ? reason : undefined };
}

const BANNERS: Record<string, string> = {
  "submitted=1": "Your post has been sent to the moderators. It will appear once approved.",
  "withdrawn=1": "Your post has been withdrawn. Nobody else can see it now.",
  "reported=1": "Thank you for your report. A moderator will look at the post again.",
  "reported=again": "You have already reported this post. A moderator will look at it.",
  "marked=1": "The thread is marked for a response. Its public clock has started.",
};

export default function ThreadPage() {
  const { thread, posts, responses, canReply, canReport, now } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const revalidator = useRevalidator();
  const [announcement, setAnnouncement] = useState("");
  const refresh = (message?: string) => {
    revalidator.revalidate();
    if (!message) return;
    // Cleared first so that the same message twice is announced twice.
    setAnnouncement("");
    setTimeout(() => setAnnouncement(message), 100);
  };
  useRoom(thread.published ? `thread:${thread.id}` : null, {
    "post:approved": () => refresh("A new reply has been added"),
    "post:removed": () => refresh(),
    "post:updated": () => refresh(),
    "response:published": () => refresh("An official response has been published"),
  });
  const atRisk = params.get("submitted") === "at-risk";
  const banner = acted ? null : [...params.entries()].map(([k, v]) => BANNERS[`${k}=${v}`]).find(Boolean);
  const replyResult = acted?.intent === "reply" ? acted.result : undefined;
  return (
    <>
      {atRisk && !acted ? (
        <>
          <EmergencyContacts />
          <p className="govuk-body">Thank you for telling us. A moderator will read your post soon. It will not be published as it stands.</p>
        </>
      ) : null}
      {banner ? <SuccessBanner>{banner}</SuccessBanner> : null}
      <ErrorSummary result={acted?.result} fieldOrder={["", "body", "contentWarnings", "atRisk"]} />
      <span className="govuk-caption-m">{thread.forumSlug ? <Link className="govuk-link" to={`/forums/${thread.forumSlug}`}>{thread.forumName}</Link> : thread.forumName}</span>
      <h1 className="govuk-heading-l">{thread.title}</h1>
      <p className="govuk-body">
        <strong className={`govuk-tag ${thread.visibility === "public" ? "govuk-tag--blue" : "govuk-tag--grey"}`}>{thread.visibility === "public" ? "Public" : "Members only"}</strong>{" "}
        {!thread.published ? <strong className="govuk-tag govuk-tag--yellow">Awaiting moderation</strong> : null}
      </p>
      {!thread.published ? <p className="govuk-body">Only you and the moderators can see this thread until a moderator approves it.</p> : null}
      {thread.clock ? <ResponseClock dueAt={thread.clock.dueAt} now={now} organisationName={thread.clock.organisationName} /> : null}
      {thread.answered ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`#response-${thread.answered.id}`}>{thread.answered.organisationName.replace(/^the/, "The")} has responded</a>
        </p>
      ) : null}
      <div aria-live="polite" role="status" className="vvf-live">{announcement}</div>

      <h2 className="govuk-heading-m">Posts</h2>
      {posts.length === 0 ? <p className="govuk-body">There are no posts to show.</p> : null}
      {posts.map((p) => (
        <ThreadPost key={p.id} post={p} canReport={canReport} showSafetyBox={!atRisk} threadId={thread.id} {...reportProblem(acted, p.id)} />
      ))}

      {responses.length ? (
        <section aria-labelledby="responses-heading">
          <h2 className="govuk-heading-m" id="responses-heading">Official responses</h2>
          {responses.map((r) => <OfficialResponse key={r.id} response={r} />)}
        </section>
      ) : null}

      {canReply ? (
        <section aria-labelledby="reply-heading" className="govuk-!-margin-top-8">
          <h2 className="govuk-heading-m" id="reply-heading">Reply</h2>
          <p className="govuk-body">A moderator reads every reply before anyone else can see it.</p>
          <Form method="post" action={`/threads/${thread.id}`} noValidate key={location.key}>
            <input type="hidden" name="intent" value="reply" />
            {acted?.intent === "reply" && acted.pii ? <PiiFindings check={acted.pii} /> : null}
            <PostFields result={replyResult} bodyLabel="Your reply" />
            <Button>Send reply</Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
