// A thread: its approved posts (plus the viewer's own posts still with the moderators), the
// official responses, and a reply form for the forum's members. Public threads are readable
// signed out; a members-only thread is a 404 to anyone who may not read it. New approved posts
// and official responses arrive live over Socket.IO and are announced politely.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator, useSearchParams, useSubmit } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { postFormFields } from "~/utils/post-fields";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, SuccessBanner, type FormResult } from "~/components/forms";
import { useRoom } from "~/components/live";
import { PiiFindings } from "~/components/pii-findings";
import { OfficialResponse, SharedThreadPost, ThreadPost, type SharedPostView, type ThreadPostView } from "~/components/post-body";
import { isPageLoad, reportFormMarkup, sharedPostFragments, sharedPostMarkup, withRenderOnly } from "~/services/post-fragments.server";
import { EmergencyContacts, PostFields } from "~/components/post-form";
import { ResponseClock } from "~/components/response-clock";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import {
  checkIdentifyingDetails,
  getThreadForViewer,
  getThreadPageForViewer,
  replyToThread
} from "~/models/threads/threads.server";
import { readFlash, withFlash } from "~/services/flash.server";
import { refusalOf, THREAD_PAGE_CACHE } from "~/services/http.server";
import { getCurrentUser, requireUser } from "~/services/session.server";
import { describeRejection } from "~/utils/content-warnings";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { can, isOrganisation, type Organisation } from "~/utils/permissions";
import { reportPost } from "~/models/threads/reports.server";
import { isUuid } from "~/utils/uuid";

const ORGANISATION_NAMES: Record<Organisation, string> = { met: "the Metropolitan Police", mopac: "MOPAC" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.thread.title ?? "Thread"} – Victim Voice Forum` },
  ...(!data || data.thread.visibility !== "public" || !data.thread.published ? [{ name: "robots", content: "noindex" }] : []),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const thread = await getThreadPageForViewer(params.id ?? "", user);
  if (!thread) throw new Response("Not found", { status: 404 });
  const { responses, posts } = thread;
  const org = isOrganisation(thread.responseOrganisation) ? thread.responseOrganisation : null;
  const answered = responses.find((r) => r.organisation === org);
  // A public thread seen signed out is the same for everyone: proxies (and the server's own
  // short cache) may keep it briefly. Browsers ask again every time (max-age=0): the open page
  // shows a new reply or response live, and reading it afresh must not bring back the older
  // copy. Anything else is personal or members-only.
  const shared = !user && thread.visibility === "public";
  const cacheHeaders: HeadersInit = shared ? { "Cache-Control": THREAD_PAGE_CACHE } : {};
  // "Your post has been sent" is for the author who just sent it, once (never in the address).
  const { flash, clear } = user ? await readFlash(request) : { flash: null, clear: {} };
  const canReport = !!user && can(user.role, "post:report");
  const reportForm = canReport ? reportFormMarkup(thread.id) : null;
  const pageLoad = isPageLoad(context);
  const isShared = (p: (typeof posts)[number]) => p.status === "approved" && !(user && p.authorId === user.id);
  const fragments = await sharedPostFragments(thread.id, posts.filter(isShared));
  return data({
    flash,
    now: new Date().toISOString(),
    thread: {
      id: thread.id,
      title: thread.title,
      visibility: thread.visibility,
      published: thread.published,
      forumName: thread.forumName,
      forumSlug: thread.viewerIsForumMember ? thread.forumSlug : null,
      clock: org && thread.responseDueAt && !answered ? { kind: "thread" as const, organisationName: ORGANISATION_NAMES[org], dueAt: thread.responseDueAt.toISOString() } : null,
      answered: org && answered ? { organisationName: ORGANISATION_NAMES[org], id: answered.id } : null,
    },
    canReply: !!user && thread.published && thread.viewerIsForumMember && can(user.role, "post:create"),
    canReport,
    reportForm,
    posts: posts.flatMap((p): ((SharedPostView & { html?: string }) | (ThreadPostView & { shared: false }))[] => {
      const own = !!user && p.authorId === user.id;
      if (isShared(p)) {
        // The same for every reader: made once (app/services/post-fragments.server.tsx). Its
        // markup goes in the loader data only for a data request; a page load carries it in the
        // HTML alone, and the browser takes it from there when it hydrates.
        const fragment = fragments.get(p.id);
        // Hidden or withdrawn since the page's statement read it.
        if (!fragment) return [];
        const { key, html } = sharedPostMarkup(fragment, p.id, reportForm);
        const view: SharedPostView = { id: p.id, shared: true, key };
        return [pageLoad ? withRenderOnly(view, "html", html) : { ...view, html }];
      }
      return [{
        id: p.id,
        shared: false as const,
        own,
        status: p.status,
        // Always read for a post that is not shared (the reader's own, or not approved).
        bodyHtml: p.bodyHtml ?? "",
        contentWarnings: p.contentWarnings,
        authorName: p.authorName,
        date: formatLondonDateTime(p.approvedAt ?? p.submittedAt),
        rejection:
          own && p.status === "rejected"
            ? describeRejection(p.rejectionReason, p.rejectionNote)
            : null,
        redactionNote: own && p.redactedAt ? p.redactionNote : null,
      }];
    }),
    responses: responses.map((r) => ({
      id: r.id,
      organisation: r.organisation,
      responderTitle: r.responderTitle,
      bodyHtml: r.bodyHtml,
      published: formatLondonDate(r.publishedAt),
      edited: r.editedAt ? formatLondonDate(r.editedAt) : null,
    })),
  }, { headers: { ...cacheHeaders, ...clear } });
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
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const postId = String(formData.get("postId") ?? "");

  if (intent === "withdraw") {
    if (!isUuid(postId)) return data({ intent, postId, pii: null, result: problem("", "That post does not exist") }, { status: 400 });
    try {
      const withdrawn = await transitionPost({ postId, actor: user, transition: { kind: "withdraw" } });
      if (withdrawn.isOpening && thread.viewerIsForumMember) return redirect(`/forums/${thread.forumSlug}?withdrawn=1`);
      return redirect(`/threads/${thread.id}?withdrawn=1`);
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, postId, pii: null, result: problem("", refusal.message) }, { status: refusal.status });
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
      // Said under the report form of the post that was reported (each post has one).
      const refusal = refusalOf(err);
      return data({ intent, postId, pii: null, result: problem(key, refusal.message, { reason }) }, { status: refusal.status });
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
      return redirect(`/threads/${thread.id}`, { headers: await withFlash(reply.atRisk ? "post-sent-at-risk" : "post-sent") });
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, postId: null, pii: null, result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
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

const POST_SENT = "Your post has been sent to the moderators. It will appear once approved.";
const BANNERS: Record<string, string> = {
  "withdrawn=1": "Your post has been withdrawn. Nobody else can see it now.",
  "reported=1": "Thank you for your report. A moderator will look at the post again.",
  "reported=again": "You have already reported this post. A moderator will look at it.",
  "marked=1": "The thread is marked for a response. Its public clock has started.",
};

export default function ThreadPage() {
  const { thread, posts, responses, canReply, canReport, reportForm, now, flash } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  // A shared post's report form is plain markup: its submission goes through the router, as a
  // <Form> would (without JavaScript the browser posts it itself).
  const submitReport = (event: FormEvent<HTMLElement>) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    submit(submitter instanceof HTMLButtonElement ? submitter : form);
  };
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
  const atRisk = flash === "post-sent-at-risk";
  const banner = acted ? null : flash === "post-sent" ? POST_SENT : [...params.entries()].map(([k, v]) => BANNERS[`${k}=${v}`]).find(Boolean);
  const replyResult = acted?.intent === "reply" ? acted.result : undefined;
  return (
    <>
      {atRisk && !acted ? (
        <>
          <EmergencyContacts takeFocus />
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
      {thread.clock ? <ResponseClock {...thread.clock} now={now} /> : null}
      {thread.answered ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`#response-${thread.answered.id}`}>{thread.answered.organisationName.replace(/^the/, "The")} has responded</a>
        </p>
      ) : null}
      <div aria-live="polite" role="status" className="vvf-live">{announcement}</div>

      <h2 className="govuk-heading-m">Posts</h2>
      {posts.length === 0 ? <p className="govuk-body">There are no posts to show.</p> : null}
      {posts.map((p) =>
        p.shared ? (
          <SharedThreadPost key={p.id} post={p} threadId={thread.id} reportForm={reportForm} onSubmit={submitReport} {...reportProblem(acted, p.id)} />
        ) : (
          <ThreadPost key={p.id} post={p} canReport={canReport} showSafetyBox={!atRisk} threadId={thread.id} {...reportProblem(acted, p.id)} />
        ),
      )}

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
