// /consultations/:id: the proposal, and what the viewer can do with it. Members of its forums
// answer (or change their answers) while it is open; staff see how many have answered, rising
// live, and move it on (schedule, close early, publish results, respond). Once results are
// published the page is public: the proposal, the results and "You said, we did" together,
// with the public clock (due 12 weeks after closing).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { db } from "~/utils/db.server";
import { ErrorPage } from "~/components/error-page";
import { ConsultationClock, Facts, LiveResponseCount, StatusTag, YouSaidWeDid } from "~/components/consultation-parts";
import { ConsultationResults } from "~/components/consultation-results";
import { Button, ErrorSummary, SuccessBanner, TextArea } from "~/components/forms";
import { PostBody } from "~/components/post-body";
import { ACTION_ORGANISATION_LABELS, ACTION_STATUS_LABELS, isOverdue, listActionsForSource } from "~/models/action-item.server";
import { canEditDraft, getConsultationForViewer } from "~/models/consultation.server";
import { closeEarly, closeEarlySchema, ConsultationMoveError, organisationName, publishResults, scheduleConsultation, unscheduleConsultation } from "~/models/consultation-lifecycle.server";
import { answeredConsultationIds, answerRefusal, countResponses } from "~/models/consultation-response.server";
import { cachedResults, canSeeResults, SMALL_NUMBER_THRESHOLD } from "~/models/consultation-results.server";
import { getYouSaidWeDid, responseDueAt } from "~/models/consultation-respond.server";
import { pendingAnswerCount } from "~/models/consultation-moderation.server";
import { getCurrentUser, requireUser } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { can, isStaff } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.consultation.title ?? "Consultation"} – Victim Voice Forum` },
  ...(data?.consultation.public ? [] : [{ name: "robots", content: "noindex" }]),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const c = await getConsultationForViewer(db(), params.id ?? "", user);
  if (!c) throw new Response("Not found", { status: 404 });
  const now = new Date();
  const staff = !!user && isStaff(user.role);
  const showResults = canSeeResults(c, user) && (c.status === "published" || c.status === "responded");
  const [responses, answered, results, response, actions, pendingWritten] = await Promise.all([
    staff ? countResponses(db(), c.id) : null,
    user && can(user.role, "consultation:answer") && c.status !== "draft" ? answeredConsultationIds(db(), user.id, [c.id]) : null,
    showResults ? cachedResults(db(), c, c.forums) : null,
    c.status === "responded" ? getYouSaidWeDid(db(), c.id) : null,
    c.status === "responded" ? listActionsForSource(db(), "consultation", c.id) : [],
    staff && c.status === "closed" ? pendingAnswerCount(db(), c.id) : 0,
  ]);
  const dueAt = c.closedAt ? responseDueAt(c.closedAt) : null;
  const refusal = answerRefusal(c, user, c.viewerInTargetForum, now);
  return {
    now: now.toISOString(),
    consultation: {
      id: c.id,
      title: c.title,
      summary: c.summary,
      proposalHtml: c.proposalHtml,
      status: c.status,
      scheduled: !!c.scheduledAt,
      public: c.status === "published" || c.status === "responded",
      organisation: organisationName(c.organisation),
      forums: c.forums.map((f) => f.name).join(", "),
      opens: formatLondonDateTime(c.openedAt ?? c.opensAt),
      closes: formatLondonDateTime(c.closedAt ?? c.closesAt),
      closedEarly: c.closedById ? { reason: c.closeReason } : null,
    },
    member: user && can(user.role, "consultation:answer") && c.viewerInTargetForum ? { answered: !!answered?.has(c.id), canAnswer: !refusal, refusal: refusal?.message ?? null } : null,
    staff: staff
      ? {
          responses: responses ?? 0,
          canEdit: canEditDraft(user, c) && (c.status === "draft" || c.status === "open"),
          canSchedule: canEditDraft(user, c) && c.status === "draft",
          scheduled: !!c.scheduledAt,
          canCloseEarly: can(user!.role, "consultation:open-close") && c.status === "open",
          canPublish: can(user!.role, "consultation:publish-results") && c.status === "closed",
          canRespond: can(user!.role, "official-response:publish") && user!.organisation === c.organisation && c.status === "published",
          pendingWritten,
        }
      : null,
    results: results ? { ...results, threshold: SMALL_NUMBER_THRESHOLD } : null,
    clock: dueAt && c.status !== "open" ? { dueAt: dueAt.toISOString(), organisationName: organisationName(c.organisation), respondedOn: c.respondedAt ? formatLondonDate(c.respondedAt) : null, onTime: c.respondedAt ? c.respondedAt <= dueAt : null } : null,
    response: response
      ? { id: response.id, organisation: response.organisation, responderTitle: response.responderTitle, bodyHtml: response.bodyHtml, published: formatLondonDate(response.publishedAt), edited: response.editedAt ? formatLondonDate(response.editedAt) : null }
      : null,
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      organisation: ACTION_ORGANISATION_LABELS[a.organisation as keyof typeof ACTION_ORGANISATION_LABELS] ?? a.organisation,
      due: formatLondonDate(a.dueAt),
      status: ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status,
      overdue: isOverdue(a, now),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  try {
    if (intent === "schedule") {
      const outcome = await scheduleConsultation(user, id);
      return redirect(`/consultations/${id}?done=${outcome}`);
    }
    if (intent === "unschedule") {
      await unscheduleConsultation(user, id);
      return redirect(`/consultations/${id}?done=unscheduled`);
    }
    if (intent === "close-early") {
      const submission = parseWithZod(formData, { schema: closeEarlySchema });
      if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
      await closeEarly(user, id, submission.value.reason);
      return redirect(`/consultations/${id}?done=closed`);
    }
    if (intent === "publish-results") {
      await publishResults(user, id);
      return redirect(`/consultations/${id}?done=published#results`);
    }
  } catch (err) {
    if (err instanceof ConsultationMoveError) return data({ result: { status: "error" as const, error: { "": [err.message] } } }, { status: 409 });
    throw err;
  }
  throw new Response("Unknown action", { status: 400 });
}

const DONE: Record<string, string> = {
  scheduled: "The consultation is scheduled. It opens by itself at its opening time, and the forums' members are emailed.",
  opened: "The consultation is open. The forums' members have been emailed.",
  unscheduled: "The consultation has been taken off the schedule.",
  closed: "The consultation has been closed. Your reason is recorded.",
  published: "The results are published. The forums' members have been emailed.",
  responded: "Your response is published. The forums' members have been emailed.",
};

export default function ConsultationPage() {
  const { consultation: c, member, staff, results, clock, response, actions, now } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = !acted && params.get("done") ? DONE[params.get("done")!] : null;
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "reason"]} />
      {done ? <SuccessBanner>{done}</SuccessBanner> : null}
      {params.get("answered") && !acted ? <SuccessBanner title="Answers sent">Thank you. Your answers have been saved. You can change them until the consultation closes.</SuccessBanner> : null}
      <span className="govuk-caption-l">Consultation</span>
      <h1 className="govuk-heading-l">{c.title}</h1>
      <p className="govuk-body-l">{c.summary}</p>
      <Facts
        rows={[
          ["Status", <StatusTag key="s" status={c.status} scheduled={c.scheduled} />],
          ["Proposed by", c.organisation],
          ["Forums consulted", c.forums],
          [c.status === "draft" ? "Opens" : "Opened", c.opens],
          [c.status === "draft" || c.status === "open" ? "Closes" : "Closed", c.closes],
          ...(c.closedEarly ? ([["Closed early", c.closedEarly.reason ?? ""]] as [string, string][]) : []),
        ]}
      />
      {clock ? <ConsultationClock clock={clock} now={now} /> : null}
      {member ? <MemberPanel id={c.id} member={member} status={c.status} /> : null}
      {staff ? <StaffPanel id={c.id} status={c.status} staff={staff} acted={acted?.result} /> : null}
      <h2 className="govuk-heading-l">The proposal</h2>
      <PostBody bodyHtml={c.proposalHtml} />
      <h2 className="govuk-heading-l govuk-!-margin-top-8" id="results">
        Results
      </h2>
      {results ? (
        <ConsultationResults results={results} downloads={{ csv: `/consultations/${c.id}/results.csv`, json: `/consultations/${c.id}/results.json` }} />
      ) : (
        <p className="govuk-body">
          {c.status === "draft" || c.status === "open"
            ? "Results are not shown to anyone, staff included, while a consultation is open. They are published here after it closes."
            : "The consultation has closed. Its results will be published here once the moderators have read the written answers."}
          {staff && c.status === "closed" ? (
            <>
              {" "}
              <Link className="govuk-link" to={`/consultations/${c.id}/results`}>
                Preview the results
              </Link>{" "}
              (staff only).
            </>
          ) : null}
        </p>
      )}
      {response ? <YouSaidWeDid response={response} actions={actions} /> : null}
    </>
  );
}

function MemberPanel({ id, member, status }: { id: string; member: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["member"]>; status: string }) {
  if (member.canAnswer) {
    return (
      <div className="govuk-inset-text" data-testid="member-panel">
        <p className="govuk-body">{member.answered ? "You have answered. You can change your answers until it closes." : "You have not answered yet. It takes a few minutes; your answers are anonymous."}</p>
        <Link className="govuk-button govuk-!-margin-bottom-0" to={`/consultations/${id}/answer`}>
          {member.answered ? "Change your answers" : "Answer this consultation"}
        </Link>
      </div>
    );
  }
  if (status === "draft") return null;
  return (
    <p className="govuk-inset-text" data-testid="member-panel">
      {member.refusal} {member.answered ? "You answered it: thank you." : null}
    </p>
  );
}

type Staff = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["staff"]>;

function StaffPanel({ id, status, staff, acted }: { id: string; status: string; staff: Staff; acted: unknown }) {
  return (
    <section aria-labelledby="manage-heading" className="govuk-!-margin-bottom-8" data-testid="staff-panel">
      <h2 className="govuk-heading-m" id="manage-heading">
        For staff
      </h2>
      {status !== "draft" ? <LiveResponseCount consultationId={id} initial={staff.responses} live={status === "open"} /> : null}
      {staff.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/consultations/${id}/edit`}>
            {status === "draft" ? "Edit the draft" : "Fix a typo in help text"}
          </Link>
        </p>
      ) : null}
      {staff.canSchedule ? (
        <p className="govuk-body">
          {staff.scheduled ? "It is scheduled: it opens by itself at its opening time. To change it, take it off the schedule on the draft's page." : "When its questions are ready, schedule it on the draft's page."}
        </p>
      ) : null}
      {staff.canCloseEarly ? (
        <details className="govuk-details" open={!!acted}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Close it early</span>
          </summary>
          <div className="govuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="close-early" />
              <TextArea name="reason" label="Why are you closing it early?" hint="Recorded in the audit log and shown with the consultation." result={acted as never} rows={3} />
              <Button warning>Close the consultation now</Button>
            </Form>
          </div>
        </details>
      ) : null}
      {staff.canPublish ? (
        <Form method="post">
          {staff.pendingWritten ? (
            <p className="govuk-inset-text">
              {staff.pendingWritten} written {staff.pendingWritten === 1 ? "answer is" : "answers are"} still waiting in the <Link className="govuk-link" to="/moderation?kind=consultation-answer">review queue</Link>. They
              will appear in the results only once approved.
            </p>
          ) : null}
          <input type="hidden" name="intent" value="publish-results" />
          <Button>Publish the results</Button>
        </Form>
      ) : null}
      {staff.canRespond ? (
        <p className="govuk-body">
          <Link className="govuk-button" to={`/consultations/${id}/respond`}>
            Publish ‘You said, we did’
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
