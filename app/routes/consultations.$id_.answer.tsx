// /consultations/:id/answer: a member of a target forum answers, checks their answers, and
// sends them; they can come back and change them until it closes. Three steps, all plain form
// posts (no JavaScript needed): the form → "Check your answers" (intent=check) → sent
// (intent=submit), with "Change" (intent=change) going back to the form with the answers kept.
// If it closed meanwhile, the answers come back on the page with a clear message: never
// silently dropped. Sending goes straight to the model, which checks everything under the
// consultation's lock (the fewest queries: members may all answer in the same hour).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { AnswerFields, AnswerSummary, HiddenAnswers } from "~/components/consultation-answer-form";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, type FormResult } from "~/components/forms";
import { getConsultationForViewer, listQuestions } from "~/models/consultations/consultations.server";
import { answerRefusal, answersSchema, getOwnAnswers, identifyingDetailsInAnswers, submitResponse } from "~/models/consultations/answers.server";
import { refusalOf } from "~/services/http.server";
import { requireUser } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Answer: ${data.title}` : "Answer a consultation"} – Victim Voice Forum` }, { name: "robots", content: "noindex" }];

async function load(request: Request, id: string) {
  const user = await requireUser(request);
  const c = await getConsultationForViewer(id, user);
  if (!c || c.status === "draft") throw new Response("Not found", { status: 404 });
  const questions = await listQuestions(c.id);
  return { user, c, questions, refusal: answerRefusal(c, user, c.viewerInTargetForum, new Date()) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, c, questions, refusal } = await load(request, params.id ?? "");
  // Only the member's own answers, and only for a member who may answer: nobody else's, ever.
  const own = refusal?.reason === "not-eligible" ? null : await getOwnAnswers(c.id, user.id);
  return {
    id: c.id,
    title: c.title,
    closes: formatLondonDateTime(c.closesAt),
    refusal: refusal?.message ?? null,
    answered: !!own,
    questions: questions.map((q) => ({ id: q.id, number: q.number, kind: q.kind, prompt: q.prompt, helpText: q.helpText, required: q.required, maxChoices: q.maxChoices, scaleLowLabel: q.scaleLowLabel, scaleHighLabel: q.scaleHighLabel, maxLength: q.maxLength, options: q.options })),
    defaults: own?.values ?? {},
    written: own?.written.filter((w) => w.status === "rejected" || w.redacted).map((w) => ({ questionId: w.questionId, status: w.status, redacted: w.redacted })) ?? [],
  };
}

type Step = "form" | "check";
type Pii = { question: number; label: string; text: string };

/** The form's fields as sent: one value, or a list for a question with several ticked. */
function sent(formData: FormData) {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).map(String);
    values[key] = all.length > 1 ? all : all[0];
  }
  return values;
}

const notSaved = (message: string) => `${message} Your answers were not saved; they are still on this page so you can keep a copy.`;

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "check");
  const kept = (error?: Record<string, string[]>): FormResult => ({ status: error ? "error" : undefined, initialValue: sent(formData), error: error ?? {} });
  if (intent === "submit") {
    // The model checks everything itself, under the consultation's lock: open, eligible, valid.
    const user = await requireUser(request);
    try {
      await submitResponse(user, { consultationId: params.id ?? "", values: sent(formData) });
      return redirect(`/consultations/${params.id}?answered=1`);
    } catch (err) {
      const refusal = refusalOf(err);
      // Refused outright (closed, or not theirs to answer): said on top, with the answers kept.
      if (refusal.status === 409) return data({ step: "form" as Step, closed: refusal.message, result: kept({ "": [notSaved(refusal.message)] }), pii: [] as Pii[] }, { status: refusal.status });
      return data({ step: "form" as Step, closed: null, result: kept(refusal.error), pii: [] as Pii[] }, { status: refusal.status });
    }
  }
  const { questions, refusal } = await load(request, params.id ?? "");
  const submission = parseWithZod(formData, { schema: answersSchema(questions) });
  if (refusal) return data({ step: "form" as Step, closed: refusal.message, result: kept({ "": [notSaved(refusal.message)] }), pii: [] as Pii[] }, { status: 409 });
  if (intent === "change") return data({ step: "form" as Step, closed: null, result: kept(), pii: [] as Pii[] });
  if (submission.status !== "success") return data({ step: "form" as Step, closed: null, result: submission.reply() as FormResult, pii: [] as Pii[] }, { status: 400 });
  // "Check your answers": with a warning about likely identifying details in written answers.
  const pii: Pii[] = identifyingDetailsInAnswers(questions, submission.value);
  return data({ step: "check" as Step, closed: null, result: kept(), pii });
}

export default function AnswerConsultation() {
  const { id, title, closes, refusal, answered, questions, defaults, written } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const order = ["", ...questions.map((q) => `q-${q.id}`)];
  if (acted?.step === "check") {
    const values = (acted.result?.initialValue ?? {}) as Record<string, unknown>;
    return (
      <>
        <span className="govuk-caption-l">{title}</span>
        <h1 className="govuk-heading-l">Check your answers</h1>
        {acted.pii.length ? (
          <div className="govuk-warning-text" data-testid="pii-warning">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Your written answers may contain details that could identify you or someone else:{" "}
              {acted.pii.map((p) => `${p.label} “${p.text}” (question ${p.question})`).join("; ")}. You can change them, or send them as they are: a moderator reads them first.
            </strong>
          </div>
        ) : null}
        <AnswerSummary questions={questions} values={values} />
        <Form method="post" noValidate>
          <HiddenAnswers questions={questions} values={values} />
          <p className="govuk-body">Your answers are anonymous: they are counted with everyone else&apos;s, and nobody can see who gave them. You can change them until {closes}.</p>
          <div className="govuk-button-group">
            <Button name="intent" value="submit">
              Send your answers
            </Button>
            <Button secondary name="intent" value="change">
              Change your answers
            </Button>
          </div>
        </Form>
      </>
    );
  }
  const result = acted?.result;
  const closed = acted?.closed ?? refusal;
  return (
    <>
      <ErrorSummary result={result} fieldOrder={order} />
      <span className="govuk-caption-l">Consultation</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {closed && !acted ? <p className="govuk-inset-text">{closed}</p> : null}
      {!closed ? (
        <>
          <p className="govuk-body">
            {answered ? "These are the answers you sent. Change any of them and send them again; only your latest answers count." : "Answer each question marked (required). You can check your answers before you send them."}{" "}
            You can change them until {closes}.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/consultations/${id}`}>
              Read the proposal
            </Link>{" "}
            first if you have not. This is not the place to report a crime or ask for help: if you are in danger now, call 999.
          </p>
        </>
      ) : null}
      {written.length ? (
        <div className="govuk-inset-text">
          {written.map((w) => (
            <p className="govuk-body" key={w.questionId}>
              Question {questions.find((q) => q.id === w.questionId)?.number}: {w.status === "rejected" ? "a moderator did not include your written answer in the results." : "a moderator edited your written answer before including it, to keep people safe."}
            </p>
          ))}
        </div>
      ) : null}
      {!closed || acted ? (
        <Form method="post" noValidate data-testid="answer-form">
          <AnswerFields questions={questions} result={result} defaults={defaults} />
          {!closed ? (
            <Button name="intent" value="check">
              Continue
            </Button>
          ) : null}
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
