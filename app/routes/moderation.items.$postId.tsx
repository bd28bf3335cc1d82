// /moderation/items/:postId: one review item and the decisions valid for its status. Each form
// names the version it was read at; a decision someone else made first comes back as 409 with
// their decision named, and the page shows the item as it is now: its status, who decided what
// and when, the queue's count and only the decisions still possible (the loaders run again after
// a refusal, with or without JavaScript). An open page hears when someone else decides the item
// (its review-item room) and says so politely, with the page brought up to date.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, fieldId, SuccessBanner, TextArea, type FormResult } from "~/components/forms";
import { useRoom } from "~/components/live";
import { decideReviewItem, decisionsOffered, getReviewItem, reviewDecisionSchema, type ReviewIntent } from "~/models/threads/review-queue.server";
import type { PostStatus } from "~/models/threads/post-lifecycle.server";
import { highlightSegments, PII_LABELS, type PiiFinding } from "~/utils/pii-labels";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { CONTENT_WARNINGS, REJECTION_REASONS, warningLabels, rejectionText } from "~/utils/content-warnings";
import { formatLondonTime } from "~/utils/london-clock";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { SummaryList, SummaryRow } from "~/components/summary-list";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Review a post – Victim Voice Forum" }];

const STATUS: Record<string, { label: string; tag: string }> = {
  pending: { label: "Waiting for review", tag: "govuk-tag--blue" },
  approved: { label: "Published", tag: "govuk-tag--green" },
  rejected: { label: "Rejected", tag: "govuk-tag--red" },
  withdrawn: { label: "Withdrawn by its author", tag: "govuk-tag--grey" },
  hidden: { label: "Hidden", tag: "govuk-tag--grey" },
  safeguarding: { label: "Safeguarding", tag: "govuk-tag--orange" },
};

/** What the last decision did, in a sentence: "Moderator Sam approved this post". */
const DECIDED: Record<string, string> = {
  approved: "approved",
  rejected: "rejected",
  safeguarding: "escalated to safeguarding",
  hidden: "hid",
};

/**
 * A refused decision (409) runs the loaders again, here and in the moderation layout (the
 * queue's count): by default Remix does not reload after an action answered 4xx, which left the
 * page saying "Waiting for review" and offering Approve again.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (!!actionResult && typeof actionResult === "object" && (actionResult as { conflict?: unknown }).conflict === true) || defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "moderation:review");
  const item = await getReviewItem(params.postId ?? "");
  if (!item) throw new Response("That post does not exist", { status: 404 });
  const status = item.status as PostStatus;
  const openReports = item.reports.filter((r) => r.status === "open").length;
  const allowed = decisionsOffered(item);
  const findings = item.piiFindings as PiiFinding[];
  const noun = item.source === "consultation-answer" ? "answer" : "post";
  const verb = DECIDED[status];
  return {
    viewerName: viewer.name,
    viewerId: viewer.id,
    /** Who decided what, and when: "Moderator Sam approved this post at 14:05 GMT on 4 December 2026". */
    lastDecision:
      verb && item.decidedAt
        ? {
            byId: item.decidedById,
            sentence: `${item.decidedByName ?? "A moderator"} ${verb} this ${noun}`,
            time: formatLondonTime(item.decidedAt),
            date: formatLondonDate(item.decidedAt),
          }
        : null,
    savedWarnings: new URL(request.url).searchParams.get("done") === "warnings",
    allowed,
    item: {
      postId: item.postId,
      source: item.source,
      question: item.question,
      threadId: item.threadId,
      threadTitle: item.threadTitle,
      forumName: item.forumName,
      visibility: item.visibility,
      isOpening: item.isOpening,
      authorName: item.authorName,
      atRisk: item.atRisk,
      status,
      reviewKind: item.reviewKind,
      version: item.version,
      bodySource: item.bodySource,
      warnings: item.contentWarnings,
      warningLabels: warningLabels(item.contentWarnings),
      rejection: item.rejectionReason ? rejectionText(item.rejectionReason, item.rejectionNote) : null,
      redactionNote: item.redactionNote,
      submittedAt: formatLondonDateTime(item.submittedAt),
      decidedAt: formatLondonDateTime(item.decidedAt),
      findings: findings.map((f) => ({ label: PII_LABELS[f.kind] ?? "a detail", text: f.text })),
      segments: highlightSegments(item.bodySource, findings).map((s) => ({ text: s.text, kind: s.finding ? PII_LABELS[s.finding.kind] : undefined })),
      reports: item.reports.map((r) => ({ id: r.id, reason: r.reason, status: r.status, reporterName: r.reporterName, createdAt: formatLondonDateTime(r.createdAt) })),
      openReports,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "moderation:review");
  const postId = params.postId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: reviewDecisionSchema });
  const intent = submission.payload.intent as string | undefined;
  if (submission.status !== "success") {
    // A missing or unknown intent or version is not a field the moderator can fix: say it on top.
    const hidden = ["intent", "version"].flatMap((k) => submission.error?.[k] ?? []);
    const result = hidden.length ? submission.reply({ formErrors: [hidden[0]] }) : submission.reply();
    if (hidden.length && result.error) result.error = { "": result.error[""], ...Object.fromEntries(Object.entries(result.error).filter(([k]) => k !== "intent" && k !== "version")) };
    return data({ intent, conflict: false, result }, { status: 400 });
  }
  try {
    const outcome = await decideReviewItem(moderator, postId, submission.value);
    if (outcome === "warnings") return redirect(`/moderation/items/${postId}?done=warnings`);
    return redirect(`/moderation?done=${outcome}`);
  } catch (err) {
    const refusal = refusalOf(err);
    // A decision someone else made first: every form shows the item as it is now.
    return data({ intent, conflict: refusal.status === 409, result: submission.reply(refusal.reply) }, { status: refusal.status });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ReviewItem() {
  const { item, allowed, viewerName, savedWarnings, lastDecision } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  // Field errors belong to the form that was sent; a conflict resets every form to the item as it is now.
  const resultFor = (intent: ReviewIntent): FormResult => (acted && !acted.conflict && acted.intent === intent ? acted.result : undefined);
  const summary = acted?.result && acted.intent && acted.result.error?.note ? { ...acted.result, error: { ...acted.result.error, [`${acted.intent}-note`]: acted.result.error.note, note: null } } : acted?.result;
  const [others, setOthers] = useState<string[]>([]);
  const room = `review-item:${item.postId}`;
  const notice = useDecidedElsewhere(room);
  useRoom(room, {
    presence: (p: { room: string; viewers: string[] }) => p.room === room && setOthers(p.viewers.filter((n) => n !== viewerName)),
    "item:decided": notice.heard,
  });
  const s = STATUS[item.status] ?? { label: item.status, tag: "govuk-tag--grey" };
  return (
    <>
      <ErrorSummary result={summary as FormResult} fieldOrder={["", "intent", "version", "reason", "reject-note", "body", "redact-note", "warnings"]} />
      {savedWarnings && !acted ? <SuccessBanner>The content warnings have been saved.</SuccessBanner> : null}
      <span className="govuk-caption-l">{item.threadTitle}</span>
      <h1 className="govuk-heading-l">Review this {item.source === "consultation-answer" ? "consultation answer" : item.isOpening ? "opening post" : "reply"}</h1>
      <div role="status" aria-live="polite" data-testid="presence">
        {others.length ? <p className="govuk-inset-text">Also looking at this: {others.join(", ")}</p> : null}
      </div>
      <div role="status" aria-live="polite" data-testid="decided-elsewhere">
        {notice.text ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">{notice.text}</p>
            <p className="govuk-body">
              The page now shows it as it is. <Link className="govuk-link" to={`/moderation/items/${item.postId}`} reloadDocument>Reload this page</Link> if it does not.
            </p>
          </div>
        ) : null}
      </div>
      {item.status === "safeguarding" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {item.atRisk ? "The author said they are at risk now. " : "A moderator escalated this post. "}
            Follow the <Link className="govuk-link" to="/moderation/safeguarding">safeguarding procedure</Link> first. This post is never published as written: reject it, or redact it to publish a safe version.
          </strong>
        </div>
      ) : null}
      <SummaryList testId="item-summary">
        <SummaryRow label="Status">
          <strong className={`govuk-tag ${s.tag}`}>{s.label}</strong>
          {item.status === "pending" ? ` (${item.reviewKind === "edited" ? "edited by its author" : "new"})` : null}
        </SummaryRow>
        {item.source === "consultation-answer" ? (
          <>
            <SummaryRow label="Consultation">
              {item.threadTitle}, for {item.forumName}
            </SummaryRow>
            <SummaryRow label="Question">{item.question}</SummaryRow>
            <SummaryRow label="Author">{item.authorName}: consultation answers never show who wrote them. Approved answers appear in the results without a name.</SummaryRow>
          </>
        ) : (
          <>
            <SummaryRow label="Thread">
              {item.threadTitle} in {item.forumName} ({item.visibility === "public" ? "public" : "members only"})
            </SummaryRow>
            <SummaryRow label="Author">{item.authorName}</SummaryRow>
          </>
        )}
        <SummaryRow label="Submitted">{item.submittedAt}</SummaryRow>
        {lastDecision ? (
          <SummaryRow label="Last decision">
            {lastDecision.sentence} at {lastDecision.time} on {lastDecision.date}
          </SummaryRow>
        ) : item.decidedAt ? (
          <SummaryRow label="Last decision">{item.decidedAt}</SummaryRow>
        ) : null}
        {item.rejection ? <SummaryRow label="Rejection reason">{item.rejection}</SummaryRow> : null}
        {item.redactionNote ? <SummaryRow label="Redaction note">{item.redactionNote}</SummaryRow> : null}
        <SummaryRow label="Content warnings">{item.warningLabels.join(", ") || "None"}</SummaryRow>
      </SummaryList>
      <h2 className="govuk-heading-m">{item.source === "consultation-answer" ? "The answer" : "The post"}</h2>
      {item.findings.length ? (
        <>
          <p className="govuk-body">Possible identifying details:</p>
          <ul className="govuk-list govuk-list--bullet" data-testid="pii-findings">
            {item.findings.map((f, i) => (
              <li key={i}>
                {f.label}: <mark className="vvf-pii">{f.text}</mark>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {item.warningLabels.length ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Show this post (content warning: {item.warningLabels.join(", ")})</span>
          </summary>
          <div className="govuk-details__text">
            <PostText segments={item.segments} />
          </div>
        </details>
      ) : (
        <PostText segments={item.segments} />
      )}
      {item.reports.length ? <Reports reports={item.reports} /> : null}
      <h2 className="govuk-heading-m">Decide</h2>
      <DecisionForms key={item.version} item={item} allowed={allowed} resultFor={resultFor} />
      {item.status === "approved" && item.isOpening ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/moderation/threads/${item.threadId}/respond`}>
            Mark this thread for response by the Met or MOPAC
          </Link>
        </p>
      ) : null}
    </>
  );
}

/**
 * Someone else decided the open item: its room says so (an event, never content), the page
 * reloads its data through the loader, and a polite notice says who did what and when, from
 * that data: "Moderator Sam approved this post at 14:05." Nothing is said for the viewer's own
 * change (content warnings bring them back here).
 */
function useDecidedElsewhere(room: string) {
  const { item, lastDecision, viewerId } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const [text, setText] = useState<string | null>(null);
  const waiting = useRef<{ status: string; version: number } | null>(null);
  useEffect(() => {
    setText(null);
    waiting.current = null;
  }, [room]);
  useEffect(() => {
    const before = waiting.current;
    if (!before || revalidator.state !== "idle" || item.version === before.version) return;
    waiting.current = null;
    const noun = item.source === "consultation-answer" ? "answer" : "post";
    if (lastDecision?.byId === viewerId && item.status !== before.status) return;
    if (item.status === "withdrawn") setText(`Its author withdrew this ${noun}.`);
    else if (lastDecision && item.status !== before.status) setText(`${lastDecision.sentence} at ${lastDecision.time}.`);
    else if (item.status === "pending" && item.reviewKind === "edited") setText(`Its author changed this ${noun} while you were looking at it.`);
    else setText(`Someone else changed this ${noun} while you were looking at it.`);
  }, [item.version, item.status, item.source, item.reviewKind, lastDecision, viewerId, revalidator.state]);
  return {
    text,
    heard: (payload: { postId: string; status: string }) => {
      // The viewer's own decision is on its way (its event comes before its answer): not news.
      if (`review-item:${payload.postId}` !== room || navigation.state !== "idle") return;
      waiting.current ??= { status: item.status, version: item.version };
      revalidator.revalidate();
    },
  };
}

function DecisionForms({ item, allowed, resultFor }: { item: Data["item"]; allowed: Data["allowed"]; resultFor: (i: ReviewIntent) => FormResult }) {
  const none = !Object.values(allowed).some(Boolean);
  return (
    <>
      {none ? <p className="govuk-body">There is nothing to decide: this post is {STATUS[item.status]?.label.toLowerCase() ?? item.status}.</p> : null}
      {allowed.approve ? (
        <Decision intent="approve" version={item.version} button="Approve" hint="Publishes the post as it is. Its author is told." />
      ) : null}
      {allowed.reject ? (
        <Decision intent="reject" title="Reject" version={item.version} button="Reject" warning>
          <Choices type="radio" name="reason" legend="Why are you rejecting it? The author sees this." options={Object.entries(REJECTION_REASONS).map(([value, label]) => ({ value, label }))} result={resultFor("reject")} small />
          <NoteField intent="reject" label="Note to the author (optional, needed for ‘Another reason’)" result={resultFor("reject")} />
        </Decision>
      ) : null}
      {allowed.redact ? (
        <details className="govuk-details" open={!!resultFor("redact")}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Redact the text</span>
          </summary>
          <div className="govuk-details__text">
            <Decision intent="redact" version={item.version} button={item.status === "approved" ? "Save redaction" : "Redact and publish"} hint="Change or remove identifying or harmful details. The redaction is recorded.">
              <TextArea name="body" label="Text to publish" defaultValue={item.bodySource} result={resultFor("redact")} rows={12} />
              <NoteField intent="redact" label="Redaction note (the author sees this)" result={resultFor("redact")} />
            </Decision>
          </div>
        </details>
      ) : null}
      {allowed["set-warnings"] ? (
        <Decision intent="set-warnings" title="Content warnings" version={item.version} button="Save content warnings" secondary>
          <Choices name="warnings" legend="Which warnings apply?" hint="Readers see the warnings and open the post if they choose to." options={Object.entries(CONTENT_WARNINGS).map(([value, label]) => ({ value, label }))} defaultValue={item.warnings} result={resultFor("set-warnings")} small />
        </Decision>
      ) : null}
      {allowed.escalate ? (
        <Decision intent="escalate" title="Escalate to safeguarding" version={item.version} button="Escalate to safeguarding" warning hint="Takes the post off the forum and puts it on the safeguarding list.">
          <NoteField intent="escalate" label="Note for the other moderators (optional)" result={resultFor("escalate")} />
        </Decision>
      ) : null}
      {allowed.reopen ? <Decision intent="reopen" version={item.version} button="Reopen" secondary hint="Puts the post back in the review queue." /> : null}
      {allowed["dismiss-reports"] ? (
        <Decision intent="dismiss-reports" title="Reports" version={item.version} button="Dismiss the reports" secondary hint="The post stays published." />
      ) : null}
      {allowed.hide ? (
        <Decision intent="hide" title="Hide the post" version={item.version} button="Hide the post" warning hint="Takes the post off the forum. Any reports on it are upheld.">
          <NoteField intent="hide" label="Why are you hiding it? (optional)" result={resultFor("hide")} />
        </Decision>
      ) : null}
    </>
  );
}

function Decision(props: { intent: ReviewIntent; version: number; button: string; title?: string; hint?: string; warning?: boolean; secondary?: boolean; children?: ReactNode }) {
  return (
    <Form method="post" noValidate className="vvf-decision" data-testid={`decision-${props.intent}`}>
      {props.title ? <h3 className="govuk-heading-s">{props.title}</h3> : null}
      {props.hint ? <p className="govuk-body">{props.hint}</p> : null}
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="version" value={props.version} />
      {props.children}
      <Button warning={props.warning} secondary={props.secondary}>
        {props.button}
      </Button>
    </Form>
  );
}

/** A `note` textarea whose id is unique to its form: several decision forms have one. */
function NoteField({ intent, label, result }: { intent: ReviewIntent; label: string; result: FormResult }) {
  return <TextArea name="note" id={fieldId(`${intent}-note`)} label={label} result={result} rows={3} />;
}

function PostText({ segments }: { segments: Data["item"]["segments"] }) {
  return (
    <p className="govuk-body vvf-pre-wrap" data-testid="post-text">
      {segments.map((s, i) =>
        s.kind ? (
          <mark className="vvf-pii" key={i}>
            {s.text}
            <span className="govuk-visually-hidden"> (possibly {s.kind})</span>
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}

function Reports({ reports }: { reports: Data["item"]["reports"] }) {
  return (
    <TableScroll>
    <table className="govuk-table" data-testid="reports">
      <caption className="govuk-table__caption govuk-table__caption--m">Reports ({reports.length})</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Reported by</th>
          <th scope="col" className="govuk-table__header">Reason</th>
          <th scope="col" className="govuk-table__header">When</th>
          <th scope="col" className="govuk-table__header">State</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {reports.map((r) => (
          <tr className="govuk-table__row" key={r.id}>
            <td className="govuk-table__cell">{r.reporterName}</td>
            <td className="govuk-table__cell">{r.reason}</td>
            <td className="govuk-table__cell">{r.createdAt}</td>
            <td className="govuk-table__cell">{r.status === "open" ? "Open" : r.status === "upheld" ? "Upheld" : "Dismissed"}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableScroll>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
