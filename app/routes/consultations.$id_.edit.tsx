// /consultations/:id/edit: the draft's details and questions (add, change, reorder, remove;
// options reordered too), each a plain form. Once open, only a question's help text can be
// fixed (audited); once closed, nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { DETAILS_ORDER, DetailsForm, NEW_QUESTION, QUESTION_ORDER, QuestionCards, QuestionForm } from "~/components/consultation-draft-forms";
import { Button, ErrorSummary, SuccessBanner, TextArea, type FormResult } from "~/components/forms";
import {
  addQuestion,
  canEditDraft,
  changeQuestion,
  detailsFormSchema,
  detailsFormValues,
  draftProblems,
  fixHelpText,
  getConsultationForViewer,
  helpTextFixSchema,
  listQuestions,
  moveOption,
  moveQuestion,
  QUESTION_KINDS,
  questionFormSchema,
  questionFormValues,
  removeQuestion,
  updateConsultationDetails,
} from "~/models/consultations/consultations.server";
import { unscheduleConsultation } from "~/models/consultations/lifecycle.server";
import { listAllForums } from "~/models/people/forums.server";
import { refusalOf } from "~/services/http.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { ORGANISATION_LABELS, isOrganisation } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Edit: ${data.consultation.title}` : "Edit a consultation"} – Victim Voice Forum` }];

async function load(request: Request, id: string) {
  const user = await requirePermission(request, "consultation:draft");
  const c = await getConsultationForViewer(id, user);
  if (!c) throw new Response("That consultation does not exist", { status: 404 });
  if (!canEditDraft(user, c)) throw forbidden("Only moderators, or responders of the organisation whose proposal it is, can change this consultation.");
  return { user, c };
}

const DONE: Record<string, string> = {
  created: "The draft has been saved. Now add its questions.",
  details: "The details have been saved.",
  "question-added": "The question has been added.",
  "question-changed": "The question has been changed.",
  moved: "The order has been changed.",
  removed: "The question has been removed.",
  "help-fixed": "The help text has been fixed. The change is recorded in the audit log.",
  unscheduled: "The consultation has been taken off the schedule. You can change it again.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, c } = await load(request, params.id ?? "");
  const [questions, forums] = await Promise.all([listQuestions(c.id), listAllForums()]);
  const url = new URL(request.url);
  const selected = questions.find((q) => q.id === url.searchParams.get("question")) ?? null;
  const done = url.searchParams.get("done");
  return {
    consultation: { id: c.id, title: c.title, status: c.status },
    mode: c.status === "draft" ? (c.scheduledAt ? "scheduled" : "draft") : c.status === "open" ? "open" : "closed",
    done: done ? (DONE[done] ?? null) : null,
    details: detailsFormValues(c, c.forums.map((f) => f.id)),
    forums: forums.map((f) => ({ value: f.id, label: f.name })),
    organisationChoice: user.role !== "responder",
    fixedOrganisation: isOrganisation(c.organisation) ? ORGANISATION_LABELS[c.organisation] : c.organisation,
    questions: questions.map((q) => ({ ...q, kindLabel: QUESTION_KINDS[q.kind] })),
    selected: selected ? { id: selected.id, number: selected.number, values: questionFormValues(selected) } : null,
    problems: c.status === "draft" ? draftProblems(c, c.forums.length, questions, new Date()) : [],
  };
}

const moveSchema = z.object({ questionId: z.string().uuid().optional(), optionId: z.string().uuid().optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, c } = await load(request, params.id ?? "");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const back = (done: string, anchor = "") => redirect(`/consultations/${c.id}/edit?done=${done}${anchor}`);
  const refuse = (result: FormResult, status = 400) => data({ intent, result }, { status });
  try {
    if (intent === "details") {
      const submission = parseWithZod(formData, { schema: detailsFormSchema });
      if (submission.status !== "success") return refuse(submission.reply());
      await updateConsultationDetails(user, c.id, submission.value);
      return back("details");
    }
    if (intent === "add-question" || intent === "change-question") {
      const submission = parseWithZod(formData, { schema: questionFormSchema });
      if (submission.status !== "success") return refuse(submission.reply());
      const questionId = String(formData.get("questionId") ?? "");
      if (intent === "add-question") await addQuestion(user, c.id, submission.value);
      else await changeQuestion(user, c.id, questionId, submission.value);
      return back(intent === "add-question" ? "question-added" : "question-changed", "#questions");
    }
    if (intent === "fix-help") {
      const submission = parseWithZod(formData, { schema: helpTextFixSchema });
      if (submission.status !== "success") return refuse(submission.reply());
      await fixHelpText(user, c.id, submission.value.questionId, submission.value.helpText);
      return back("help-fixed", `#question-${submission.value.questionId}`);
    }
    if (intent === "unschedule") {
      await unscheduleConsultation(user, c.id);
      return back("unscheduled");
    }
    const parsed = moveSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return refuse({ status: "error", error: { "": ["Reload the page and try again"] } });
    const ids = parsed.data;
    if ((intent === "question-up" || intent === "question-down") && ids.questionId) {
      await moveQuestion(user, c.id, ids.questionId, intent === "question-up" ? "up" : "down");
      return back("moved", `#question-${ids.questionId}`);
    }
    if ((intent === "option-up" || intent === "option-down") && ids.optionId) {
      await moveOption(user, c.id, ids.optionId, intent === "option-up" ? "up" : "down");
      return back("moved", "#questions");
    }
    if (intent === "remove-question" && ids.questionId) {
      await removeQuestion(user, c.id, ids.questionId);
      return back("removed", "#questions");
    }
  } catch (err) {
    const refusal = refusalOf(err);
    return refuse({ status: "error", error: refusal.error }, refusal.status);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function EditConsultation() {
  const { consultation, mode, done, details, forums, organisationChoice, fixedOrganisation, questions, selected, problems } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  // A new key after every navigation, so a form that was sent starts afresh (the browser would
  // otherwise keep the previous question's kind and ticks in these uncontrolled fields).
  const { key } = useLocation();
  const resultFor = (...intents: string[]) => (acted && intents.includes(acted.intent) ? acted.result : undefined);
  const order = acted?.intent === "details" ? DETAILS_ORDER : QUESTION_ORDER;
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={order} />
      {done && !acted ? <SuccessBanner>{done}</SuccessBanner> : null}
      <span className="govuk-caption-l">{mode === "open" ? "Fix help text" : "Edit the draft"}</span>
      <h1 className="govuk-heading-l">{consultation.title}</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/consultations/${consultation.id}`}>
          Back to the consultation
        </Link>
      </p>
      {mode === "scheduled" ? (
        <div className="govuk-inset-text">
          <p className="govuk-body">This consultation is scheduled to open. Take it off the schedule to change it.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="unschedule" />
            <Button secondary>Take it off the schedule</Button>
          </Form>
        </div>
      ) : null}
      {mode === "closed" ? <p className="govuk-inset-text">This consultation has closed. Nothing about it can be changed now.</p> : null}
      {mode === "open" ? (
        <p className="govuk-inset-text">
          This consultation is open. Nothing that could change the meaning of an answer can be edited now. You can fix a typo in a question&apos;s help text; every fix is recorded.
        </p>
      ) : null}
      {mode === "draft" ? (
        <section aria-labelledby="details-heading">
          <h2 className="govuk-heading-m" id="details-heading">
            Details
          </h2>
          <DetailsForm key={key} result={resultFor("details")} defaults={details} forums={forums} organisationChoice={organisationChoice} fixedOrganisation={fixedOrganisation} button="Save the details" />
        </section>
      ) : null}
      <section aria-labelledby="questions" className="govuk-!-margin-top-6">
        <h2 className="govuk-heading-m" id="questions">
          Questions
        </h2>
        {questions.length === 0 ? <p className="govuk-body">There are no questions yet.</p> : null}
        <QuestionCards questions={questions} editable={mode === "draft"} changeLabel={mode === "draft" ? "Change" : "Fix the help text"} />
        {mode === "draft" ? (
          <QuestionForm
            key={`${selected?.id ?? "new"}-${key}`}
            title={selected ? `Change question ${selected.number}` : "Add a question"}
            questionId={selected?.id}
            result={resultFor("add-question", "change-question")}
            defaults={selected?.values ?? NEW_QUESTION}
            button={selected ? "Save the question" : "Add the question"}
            cancel={selected ? <Link className="govuk-link" to={`/consultations/${consultation.id}/edit#questions`}>Cancel</Link> : null}
          />
        ) : null}
        {mode === "open" && selected ? (
          <Form method="post" noValidate className="govuk-!-width-two-thirds" id="question-form">
            <h2 className="govuk-heading-m">Fix the help text of question {selected.number}</h2>
            <input type="hidden" name="intent" value="fix-help" />
            <input type="hidden" name="questionId" value={selected.id} />
            <TextArea name="helpText" label="Help text" hint="Fix typos only: members may already have answered." defaultValue={selected.values.helpText} result={resultFor("fix-help")} rows={3} />
            <Button>Save the fix</Button>
          </Form>
        ) : null}
      </section>
      {mode === "draft" ? (
        <section aria-labelledby="ready-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id="ready-heading">
            Schedule it
          </h2>
          {problems.length ? (
            <>
              <p className="govuk-body">Before it can be scheduled:</p>
              <ul className="govuk-list govuk-list--bullet" data-testid="draft-problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          ) : (
            <Form method="post" action={`/consultations/${consultation.id}`}>
              <p className="govuk-body">When scheduled, it opens by itself at its opening time (at once if that time has passed), and the forums&apos; members are emailed.</p>
              <input type="hidden" name="intent" value="schedule" />
              <Button>Schedule it to open</Button>
            </Form>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
