// /actions/:id: one action, where it was agreed, its status (overdue flagged) and its full,
// dated history of updates, each by organisation rather than by person. The owning
// organisation's responders (moderators, for the facilitators' actions) add progress notes and
// move it on: in progress, done (with evidence) or not doing (with a reason).
import type { ActionFunctionArgs, LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { publicPageHeaders, refusalOf } from "~/services/http.server";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ActionStatusTag, OverdueTag } from "~/components/action-fields";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, SuccessBanner, TextArea, type FormResult } from "~/components/forms";
import {
  ACTION_ALLOWED_FROM,
  ACTION_ORGANISATION_LABELS,
  ACTION_STATUS_LABELS,
  actionUpdateSchema,
  getActionForViewer,
  listActionUpdates,
  moveFromForm,
  presentAction,
  updatableOrganisation,
  updateActionItem,
  type ActionOrganisation,
  type ActionStatus,
} from "~/models/actions/action-items.server";
import { actionResponseOffer, listResponsesOn } from "~/models/responses/official-responses.server";
import { ResponsesOnThing } from "~/components/official-response-form";
import { forbidden, getCurrentUser, requireUser } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { clockFor, clockText, isActionOverdue } from "~/utils/clocks";
import { SummaryList, SummaryRow } from "~/components/summary-list";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.action.title ?? "Action"} – Victim Voice Forum` }];

const MOVE_LABELS = {
  note: "Add a progress note",
  start: "Mark as in progress",
  complete: "Mark as done",
  drop: "Mark as not doing",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getCurrentUser(request);
  const now = new Date();
  const item = await getActionForViewer(params.id ?? "", viewer);
  if (!item) throw new Response("Not found", { status: 404 });
  const [updates, responses, responseOffer] = await Promise.all([listActionUpdates(item.id), listResponsesOn("action", item.id), actionResponseOffer(viewer, item.id, now)]);
  const status = item.status as ActionStatus;
  const mayUpdate = !!viewer && updatableOrganisation(viewer) === item.organisation;
  const overdue = isActionOverdue(item, now);
  const clock = clockFor("action", item.dueAt, now);
  return {
    action: {
      ...presentAction({ ...item, overdue }),
      details: item.details,
      fromMeeting: item.sourceType === "meeting",
      statusReason: item.statusReason,
      evidence: item.evidence,
      evidenceIsLink: !!item.evidence && /^https?:\/\/\S+$/i.test(item.evidence),
      completed: item.completedAt ? formatLondonDate(item.completedAt) : null,
      clock: status === "open" || status === "in-progress" ? clockText(clock) : null,
    },
    updates: updates.map((u) => ({
      id: u.id,
      date: formatLondonDate(u.createdAt),
      by: ACTION_ORGANISATION_LABELS[u.organisation as ActionOrganisation] ?? "The forum",
      statusTo: u.statusTo && u.statusTo !== u.statusFrom ? (ACTION_STATUS_LABELS[u.statusTo as ActionStatus] ?? u.statusTo) : null,
      note: u.note,
    })),
    responses: responses.map((r) => ({ ...r, published: formatLondonDateTime(r.publishedAt), edited: r.editedAt ? formatLondonDateTime(r.editedAt) : null })),
    responseOffer,
    moves: mayUpdate ? (Object.keys(MOVE_LABELS) as (keyof typeof MOVE_LABELS)[]).filter((k) => ACTION_ALLOWED_FROM[k].includes(status)) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const item = await getActionForViewer(id, user);
  if (!item) throw new Response("Not found", { status: 404 });
  if (updatableOrganisation(user) !== item.organisation) throw forbidden("Only the organisation that owns this action can update it.");
  const submission = parseWithZod(await readForm(request), { schema: actionUpdateSchema });
  if (submission.status !== "success") return data({ result: submission.reply() as FormResult }, { status: 400 });
  try {
    await updateActionItem({ actionItemId: id, actor: user, move: moveFromForm(submission.value) });
    return redirect(`/actions/${id}?done=${submission.value.intent}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

/** What happened, and who was told: only an action from a meeting tells the members who were there. */
function doneMessage(done: string | null, fromMeeting: boolean): string | null {
  const told = fromMeeting ? " Members who were at the meeting have been told." : " The public action tracker shows it now.";
  switch (done) {
    case "note":
      return "Your progress note is in the public log.";
    case "start":
      return "The action is marked as in progress.";
    case "complete":
      return `The action is marked as done.${told}`;
    case "drop":
      return `The action is marked as not doing.${told}`;
    case "response":
      return "Your response is published, on this page and on the list of official responses.";
    default:
      return null;
  }
}

export default function ActionPage() {
  const { action: a, updates, responses, responseOffer, moves } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = doneMessage(params.get("done"), a.fromMeeting);
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "intent", "note", "evidence", "reason"]} />
      {done && !acted ? <SuccessBanner>{done}</SuccessBanner> : null}
      <span className="govuk-caption-l">Action owned by {a.organisationLabel}</span>
      <h1 className="govuk-heading-l">{a.title}</h1>
      <p className="govuk-body">
        <ActionStatusTag status={a.status} label={a.statusLabel} /> {a.overdue ? <OverdueTag /> : null}
      </p>
      {a.details ? <p className="govuk-body vvf-pre-wrap">{a.details}</p> : null}
      <SummaryList testId="action-summary">
        <SummaryRow label="Owner">{a.organisationLabel}</SummaryRow>
        <SummaryRow label="Due">
          {a.due}
          {a.clock ? ` (${a.clock.toLowerCase()})` : ""}
        </SummaryRow>
        <SummaryRow label="Agreed at">
          {a.source ? (
            <Link className="govuk-link" to={a.source.href}>
              {a.source.label}
            </Link>
          ) : (
            "—"
          )}
          {a.forumName ? ` (${a.forumName})` : ""}
        </SummaryRow>
        {a.evidence ? (
          <SummaryRow label="Evidence it was done">
            {a.evidenceIsLink ? (
              <a className="govuk-link" href={a.evidence} rel="nofollow noopener noreferrer">
                {a.evidence}
              </a>
            ) : (
              <span className="vvf-pre-wrap">{a.evidence}</span>
            )}
          </SummaryRow>
        ) : null}
        {a.statusReason ? <SummaryRow label="Why it will not be done">{a.statusReason}</SummaryRow> : null}
        {a.completed ? <SummaryRow label={a.status === "done" ? "Done on" : "Decided on"}>{a.completed}</SummaryRow> : null}
      </SummaryList>
      <ResponsesOnThing responses={responses} offer={responseOffer} respondHref={`/respond/actions/${a.id}`} what="action" />
      <h2 className="govuk-heading-m">History</h2>
      {updates.length ? (
        <ol className="govuk-list" data-testid="action-history">
          {updates.map((u) => (
            <li key={u.id} className="govuk-!-margin-bottom-4">
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                <strong>{u.date}</strong>, {u.by}
                {u.statusTo ? `: marked as ${u.statusTo.toLowerCase()}` : ""}
              </p>
              <p className="govuk-body vvf-pre-wrap govuk-!-margin-bottom-0">{u.note}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="govuk-body">No updates yet.</p>
      )}
      {moves.length ? (
        <Form method="post" noValidate data-testid="action-update-form">
          <h2 className="govuk-heading-m">Update this action</h2>
          <p className="govuk-body">Everything you write here is public, with today&apos;s date and your organisation&apos;s name.</p>
          <Choices type="radio" name="intent" legend="What do you want to record?" options={moves.map((m) => ({ value: m, label: MOVE_LABELS[m] }))} result={acted?.result} small />
          <TextArea name="note" label="Progress note" hint="Needed for a progress note; optional when marking it in progress or done." result={acted?.result} rows={4} />
          {moves.includes("complete") ? <TextArea name="evidence" label="Evidence it was done" hint="Needed when marking it done: a link, or where the public can see the change." result={acted?.result} rows={2} /> : null}
          {moves.includes("drop") ? <TextArea name="reason" label="Why it will not be done" hint="Needed when marking it not doing." result={acted?.result} rows={3} /> : null}
          <Button>Save the update</Button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/actions">
          Back to the action log
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
