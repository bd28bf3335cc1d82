// /consultations/:id: the proposal, and what the viewer can do with it. Members of its forums
// answer (or change their answers) while it is open; staff see how many have answered, rising
// live, and move it on (schedule, close early, publish results, respond). Once results are
// published the page is public: the proposal, the results and "You said, we did" together,
// with the public clock (due 12 weeks after closing).
import type { ActionFunctionArgs, LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { publicPageHeaders, refusalOf } from "~/services/http.server";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { MemberPanel, StaffPanel } from "~/components/consultation-panels";
import { ConsultationClock, Facts, StatusTag, YouSaidWeDid } from "~/components/consultation-parts";
import { ConsultationResults } from "~/components/consultation-results";
import { ErrorSummary, SuccessBanner } from "~/components/forms";
import { PostBody } from "~/components/post-body";
import { ACTION_ORGANISATION_LABELS, ACTION_STATUS_LABELS, listActionsForSource } from "~/models/actions/action-items.server";
import { canEditDraft, getConsultationForViewer } from "~/models/consultations/consultations.server";
import { closeEarly, closeEarlySchema, organisationName, publishResults, scheduleConsultation, unscheduleConsultation } from "~/models/consultations/lifecycle.server";
import { answeredConsultationIds, answerRefusal, countResponses } from "~/models/consultations/answers.server";
import { cachedResults, canSeeResults, SMALL_NUMBER_THRESHOLD } from "~/models/consultations/results.server";
import { getYouSaidWeDid } from "~/models/consultations/you-said-we-did.server";
import { pendingAnswerCount } from "~/models/consultations/answer-review.server";
import { getCurrentUser, requireUser } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { can, isStaff } from "~/utils/permissions";
import { consultationResponseDueAt, isActionOverdue, isAnsweredOnTime } from "~/utils/clocks";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.consultation.title ?? "Consultation"} – Victim Voice Forum` },
  ...(data?.consultation.public ? [] : [{ name: "robots", content: "noindex" }]),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const c = await getConsultationForViewer(params.id ?? "", user);
  if (!c) throw new Response("Not found", { status: 404 });
  const now = new Date();
  const staff = !!user && isStaff(user.role);
  const showResults = canSeeResults(c, user) && (c.status === "published" || c.status === "responded");
  const [responses, answered, results, response, actions, pendingWritten] = await Promise.all([
    staff ? countResponses(c.id) : null,
    user && can(user.role, "consultation:answer") && c.status !== "draft" ? answeredConsultationIds(user.id, [c.id]) : null,
    showResults ? cachedResults(c, c.forums) : null,
    c.status === "responded" ? getYouSaidWeDid(c.id) : null,
    c.status === "responded" ? listActionsForSource("consultation", c.id) : [],
    staff && c.status === "closed" ? pendingAnswerCount(c.id) : 0,
  ]);
  const dueAt = c.closedAt ? consultationResponseDueAt(c.closedAt) : null;
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
    clock: dueAt && c.status !== "open" ? { dueAt: dueAt.toISOString(), organisationName: organisationName(c.organisation).replace(/^The /, "the "), respondedOn: c.respondedAt ? formatLondonDate(c.respondedAt) : null, onTime: c.respondedAt ? isAnsweredOnTime(c.respondedAt, dueAt) : null } : null,
    response: response
      ? { id: response.id, organisation: response.organisation, responderTitle: response.responderTitle, bodyHtml: response.bodyHtml, published: formatLondonDate(response.publishedAt), edited: response.editedAt ? formatLondonDate(response.editedAt) : null }
      : null,
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      organisation: ACTION_ORGANISATION_LABELS[a.organisation as keyof typeof ACTION_ORGANISATION_LABELS] ?? a.organisation,
      due: formatLondonDate(a.dueAt),
      status: ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status,
      overdue: isActionOverdue(a, now),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const formData = await readForm(request);
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
    const refusal = refusalOf(err);
    return data({ result: { status: "error" as const, error: refusal.error } }, { status: refusal.status });
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

export function ErrorBoundary() {
  return <ErrorPage />;
}
