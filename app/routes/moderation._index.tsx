// /moderation: the review queue, oldest first. Items with content warnings stay blurred until
// the moderator opens them (moderators read hard material all day); the list follows other
// moderators' decisions live.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { ErrorPage } from "~/components/error-page";
import { Button, Select, SuccessBanner } from "~/components/forms";
import { useRoom } from "~/components/live";
import { listAllForums } from "~/models/people/forums.server";
import { listReviewQueue, type QueueKind } from "~/models/threads/review-queue.server";
import { highlightSegments, PII_LABELS, type PiiFinding } from "~/utils/pii-labels";
import { requirePermission } from "~/services/session.server";
import { warningLabels } from "~/utils/content-warnings";
import { formatLondonDateTime } from "~/utils/london-time";

export const meta: MetaFunction = () => [{ title: "Review queue – Victim Voice Forum" }];

const KINDS: Record<QueueKind, { label: string; tag: string }> = {
  new: { label: "New", tag: "govuk-tag--blue" },
  edited: { label: "Edited", tag: "govuk-tag--purple" },
  reported: { label: "Reported", tag: "govuk-tag--red" },
  "consultation-answer": { label: "Consultation answer", tag: "govuk-tag--turquoise" },
};

const DONE: Record<string, string> = {
  approved: "The post has been approved and published. Its author has been told.",
  rejected: "The post has been rejected. Its author has been told the reason.",
  redacted: "The redacted post has been saved and published. Its author can read your redaction note.",
  escalated: "The post has been moved to the safeguarding list.",
  reopened: "The post is back in the review queue.",
  dismissed: "The reports have been dismissed. The post stays published.",
  hidden: "The post has been hidden. The reports on it have been upheld.",
  "answer-approved": "The answer has been approved. It will appear, without a name, in the consultation's results.",
  "answer-rejected": "The answer has been rejected. It will not appear in the results.",
  "answer-redacted": "The redacted answer has been saved. It will appear, without a name, in the results.",
  "answer-reopened": "The answer is back in the review queue.",
  "answer-hidden": "The answer has been taken out of the results.",
};

const PREVIEW_CHARS = 600;

function isKind(v: string | null): v is QueueKind {
  return v === "new" || v === "edited" || v === "reported" || v === "consultation-answer";
}

/** The start of a post with its identifying details marked, cut at PREVIEW_CHARS. */
function preview(text: string, findings: PiiFinding[]) {
  const out: { text: string; kind?: string }[] = [];
  let used = 0;
  for (const s of highlightSegments(text, findings)) {
    if (used >= PREVIEW_CHARS) break;
    const piece = s.text.slice(0, PREVIEW_CHARS - used);
    used += piece.length;
    out.push({ text: piece, kind: s.finding ? PII_LABELS[s.finding.kind] : undefined });
  }
  return { segments: out, cut: text.length > PREVIEW_CHARS };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "moderation:review");
  const params = new URL(request.url).searchParams;
  const forums = await listAllForums();
  const forumId = forums.some((f) => f.id === params.get("forum")) ? params.get("forum")! : undefined;
  const kindParam = params.get("kind");
  const kind = isKind(kindParam) ? kindParam : undefined;
  const items = await listReviewQueue({ forumId, kind });
  const done = params.get("done");
  return {
    forums: [{ value: "", label: "All forums" }, ...forums.map((f) => ({ value: f.id, label: f.name }))],
    filter: { forum: forumId ?? "", kind: kind ?? "" },
    done: done && DONE[done] ? DONE[done] : null,
    items: items.map((i) => ({
      postId: i.postId,
      source: i.source,
      question: i.question,
      threadTitle: i.threadTitle,
      forumName: i.forumName,
      isOpening: i.isOpening,
      kind: i.kind,
      reportCount: i.reportCount,
      authorName: i.authorName,
      waitingSince: formatLondonDateTime(i.waitingSince),
      warnings: warningLabels(i.contentWarnings),
      findings: (i.piiFindings as PiiFinding[]).map((f) => ({ label: PII_LABELS[f.kind] ?? "a detail", text: f.text })),
      preview: preview(i.bodySource, i.piiFindings as PiiFinding[]),
    })),
  };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

export default function ReviewQueue() {
  const { forums, filter, done, items } = useLoaderData<typeof loader>();
  const { revalidate } = useRevalidator();
  const [announcement, setAnnouncement] = useState("");
  // Who is looking at which item right now (from the item pages' presence rooms).
  const [lookers, setLookers] = useState<Record<string, string[]>>({});
  useRoom("moderation", {
    "presence:snapshot": (snapshot: Record<string, string[]>) => setLookers(snapshot),
    "presence:item": ({ postId, viewers }: { postId: string; viewers: string[] }) => setLookers((l) => ({ ...l, [postId]: viewers })),
    "queue:changed": () => {
      revalidate();
      // Clear first, so a second change is announced again.
      setAnnouncement("");
      setTimeout(() => setAnnouncement("The review queue has changed"), 100);
    },
  });
  return (
    <>
      {done ? <SuccessBanner>{done}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">Review queue</h1>
      <p className="govuk-body">New and edited posts, published posts that members have reported, and written answers to consultations, oldest first.</p>
      <div className="govuk-visually-hidden" role="status" aria-live="polite" data-testid="queue-announcement">
        {announcement}
      </div>
      <Form method="get" className="vvf-filter" aria-label="Filter the review queue">
        <Select name="forum" label="Forum" options={forums} defaultValue={filter.forum} />
        <Select
          name="kind"
          label="Kind"
          options={[
            { value: "", label: "All kinds" },
            { value: "new", label: "New posts" },
            { value: "edited", label: "Edited posts" },
            { value: "reported", label: "Reported posts" },
            { value: "consultation-answer", label: "Consultation answers" },
          ]}
          defaultValue={filter.kind}
        />
        <Button secondary>Filter</Button>
      </Form>
      <p className="govuk-body" data-testid="queue-count">
        {items.length === 0 ? "Nothing is waiting for review." : `${items.length} ${items.length === 1 ? "item is" : "items are"} waiting for review.`}
      </p>
      <ul className="govuk-list vvf-queue" data-testid="review-queue">
        {items.map((item) => (
          <QueueItem key={`${item.kind}-${item.postId}`} item={item} lookers={lookers[item.postId] ?? []} />
        ))}
      </ul>
    </>
  );
}

function QueueItem({ item, lookers }: { item: Item; lookers: string[] }) {
  const kind = KINDS[item.kind as keyof typeof KINDS] ?? KINDS.new;
  return (
    <li className="vvf-queue-item" data-testid="queue-item" data-post-id={item.postId}>
      <h2 className="govuk-heading-s govuk-!-margin-bottom-2">{item.threadTitle}</h2>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        <strong className={`govuk-tag ${kind.tag}`}>
          {kind.label}
          {item.kind === "reported" ? ` (${item.reportCount})` : ""}
        </strong>{" "}
        {item.source === "consultation-answer" ? (
          <>Written answer to “{item.question}”, in a consultation for {item.forumName}. Anonymous: nobody sees who wrote it. </>
        ) : (
          <>{item.isOpening ? "Opening post" : "Reply"} in {item.forumName}, by {item.authorName}. </>
        )}
        Waiting since {item.waitingSince}.
      </p>
      {lookers.length ? (
        <p className="govuk-body-s" data-testid="queue-item-lookers">
          <strong className="govuk-tag govuk-tag--yellow">Being looked at by {lookers.join(" and ")}</strong>
        </p>
      ) : null}
      {/* A post behind a content warning shows nothing of itself until the moderator opens it:
          its identifying details, quoted, go inside too. */}
      {item.findings.length && !item.warnings.length ? <Findings findings={item.findings} /> : null}
      {item.warnings.length ? (
        <>
          <p className="govuk-body vvf-blur vvf-pre-wrap vvf-queue-preview" aria-hidden="true">
            <PreviewText item={item} />
          </p>
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Show this post (content warning: {item.warnings.join(", ")})</span>
            </summary>
            <div className="govuk-details__text">
              {item.findings.length ? <Findings findings={item.findings} /> : null}
              <p className="govuk-body vvf-pre-wrap">
                <PreviewText item={item} />
              </p>
            </div>
          </details>
        </>
      ) : (
        <p className="govuk-body vvf-pre-wrap">
          <PreviewText item={item} />
        </p>
      )}
      <p className="govuk-body govuk-!-margin-bottom-0">
        <Link className="govuk-link" to={`/moderation/items/${item.postId}`}>
          Review
          <span className="govuk-visually-hidden">
            {item.source === "consultation-answer" ? ` the answer to “${item.question}” in “${item.threadTitle}”` : ` the ${item.isOpening ? "opening post" : "reply"} in “${item.threadTitle}” by ${item.authorName}`}
          </span>
        </Link>
      </p>
    </li>
  );
}

function Findings({ findings }: { findings: Item["findings"] }) {
  return (
    <div className="govuk-body-s" data-testid="queue-item-findings">
      <p className="govuk-body-s govuk-!-margin-bottom-1">Possible identifying details:</p>
      <ul className="govuk-list govuk-list--bullet govuk-body-s">
        {findings.map((f, i) => (
          <li key={i}>
            {f.label}: <mark className="vvf-pii">{f.text}</mark>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PreviewText({ item }: { item: Item }) {
  return (
    <>
      {item.preview.segments.map((s, i) =>
        s.kind ? (
          <mark className="vvf-pii" key={i}>
            {s.text}
            <span className="govuk-visually-hidden"> (possibly {s.kind})</span>
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
      {item.preview.cut ? "…" : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
