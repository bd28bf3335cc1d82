// The drafting forms: a consultation's details, one question (added or changed), and the
// questions as cards with their reordering buttons. Plain GOV.UK fields and small forms: it all
// works without JavaScript.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, Checkbox, Choices, fieldError, fieldId, fieldValue, FormGroup, TextArea, TextInput, type FormResult, type Option } from "./forms";
import { SummaryList, SummaryRow } from "./summary-list";

/** The order of the details form's fields, for its error summary. */
export const DETAILS_ORDER = ["", "title", "summary", "proposal", "organisation", "forumIds", "opensDate", "opensTime", "closesDate", "closesTime"];
export const QUESTION_ORDER = ["", "prompt", "helpText", "kind", "options", "maxChoices", "scaleLowLabel", "scaleHighLabel", "maxLength"];

export type DetailsDefaults = {
  title: string;
  summary: string;
  proposal: string;
  organisation: string;
  forumIds: string[];
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
};

export function DetailsForm({
  action,
  result,
  defaults,
  forums,
  organisationChoice,
  fixedOrganisation,
  button,
}: {
  action?: string;
  result: FormResult;
  defaults: DetailsDefaults;
  forums: Option[];
  /** Moderators choose whose proposal it is; a responder's is their own organisation's. */
  organisationChoice: boolean;
  fixedOrganisation: string | null;
  button: string;
}) {
  return (
    <Form method="post" action={action} noValidate className="govuk-!-width-two-thirds" data-testid="details-form">
      <input type="hidden" name="intent" value="details" />
      <TextInput name="title" label="Title" hint="A plain-English name for the proposal, like ‘Telling victims when their case closes’" defaultValue={defaults.title} result={result} />
      <TextArea name="summary" label="Summary" hint="One or two sentences: what is proposed and why it matters to victims." defaultValue={defaults.summary} result={result} rows={3} />
      <TextArea name="proposal" label="The proposal in full" hint="You can use Markdown: ## headings, **bold**, lists and links. It is shown to the members consulted, and to everyone once the results are published." defaultValue={defaults.proposal} result={result} rows={12} />
      {organisationChoice ? (
        <Choices
          type="radio"
          name="organisation"
          legend="Whose proposal is it?"
          hint="That organisation will publish the response, ‘You said, we did’."
          options={[
            { value: "met", label: "Metropolitan Police" },
            { value: "mopac", label: "MOPAC" },
          ]}
          defaultValue={[defaults.organisation]}
          result={result}
        />
      ) : (
        <>
          <input type="hidden" name="organisation" value={defaults.organisation} />
          <p className="govuk-body">
            <strong>Whose proposal:</strong> {fixedOrganisation}. Your organisation will publish the response.
          </p>
        </>
      )}
      <Choices name="forumIds" legend="Which forums are consulted?" hint="Their members can read the proposal and answer while it is open." options={forums} defaultValue={defaults.forumIds} result={result} />
      <DateTime legend="When does it open?" prefix="opens" defaults={defaults} result={result} hint="London time. It opens by itself at this time once you schedule it." />
      <DateTime legend="When does it close?" prefix="closes" defaults={defaults} result={result} hint="London time. Answers can be changed until then; it closes by itself." />
      <Button>{button}</Button>
    </Form>
  );
}

function DateTime({ legend, prefix, defaults, result, hint }: { legend: string; prefix: "opens" | "closes"; defaults: DetailsDefaults; result: FormResult; hint: string }) {
  const dateName = `${prefix}Date`;
  const timeName = `${prefix}Time`;
  const error = fieldError(result, dateName) ?? fieldError(result, timeName);
  return (
    <FormGroup id={fieldId(dateName)} legend={legend} hint={hint} error={error}>
      <div className="govuk-date-input">
        <div className="govuk-date-input__item">
          <label className="govuk-label govuk-date-input__label" htmlFor={fieldId(dateName)}>
            Date
          </label>
          <input className={`govuk-input govuk-input--width-10${error ? " govuk-input--error" : ""}`} id={fieldId(dateName)} name={dateName} type="date" defaultValue={fieldValue(result, dateName, defaults[dateName as keyof DetailsDefaults] as string)} />
        </div>
        <div className="govuk-date-input__item">
          <label className="govuk-label govuk-date-input__label" htmlFor={fieldId(timeName)}>
            Time (24-hour)
          </label>
          <input className={`govuk-input govuk-input--width-5${error ? " govuk-input--error" : ""}`} id={fieldId(timeName)} name={timeName} type="time" defaultValue={fieldValue(result, timeName, defaults[timeName as keyof DetailsDefaults] as string)} />
        </div>
      </div>
    </FormGroup>
  );
}

export type QuestionDefaults = {
  kind: string;
  prompt: string;
  helpText: string;
  required: string;
  options: string;
  maxChoices: string;
  scaleLowLabel: string;
  scaleHighLabel: string;
  maxLength: string;
};

export const NEW_QUESTION: QuestionDefaults = { kind: "single", prompt: "", helpText: "", required: "on", options: "", maxChoices: "", scaleLowLabel: "Strongly disagree", scaleHighLabel: "Strongly agree", maxLength: "1000" };

const KINDS: { value: string; label: string; hint: string }[] = [
  { value: "single", label: "Single choice", hint: "Members choose one option." },
  { value: "multiple", label: "Multiple choice", hint: "Members choose up to a number of options you set." },
  { value: "scale", label: "Scale from 1 to 5", hint: "With words at each end, like Strongly disagree and Strongly agree." },
  { value: "text", label: "Written answer", hint: "Read by a moderator before it appears, without names, in the results." },
];

/** Adds a question, or changes one (`questionId`). */
export function QuestionForm({ title, questionId, result, defaults, button, cancel }: { title: string; questionId?: string; result: FormResult; defaults: QuestionDefaults; button: string; cancel?: ReactNode }) {
  const value = (name: keyof QuestionDefaults) => fieldValue(result, name, defaults[name]) ?? "";
  const kind = value("kind");
  const required = result?.initialValue ? result.initialValue.required === "on" : defaults.required === "on";
  return (
    <Form method="post" noValidate className="govuk-!-width-two-thirds" id="question-form" data-testid="question-form">
      <h2 className="govuk-heading-m">{title}</h2>
      <input type="hidden" name="intent" value={questionId ? "change-question" : "add-question"} />
      {questionId ? <input type="hidden" name="questionId" value={questionId} /> : null}
      <TextInput name="prompt" label="Question" defaultValue={defaults.prompt} result={result} />
      <TextArea name="helpText" label="Help text (optional)" hint="Shown under the question. Once the consultation is open, only this can still be changed." defaultValue={defaults.helpText} result={result} rows={2} />
      <Checkbox name="required" label="Members must answer this question" defaultChecked={required} />
      <FormGroup id={fieldId("kind")} legend="Kind of question" fieldset={{ focusable: true }} error={fieldError(result, "kind")}>
        <div className="govuk-radios">
          {KINDS.map((k, i) => (
            <KindRadio key={k.value} k={k} index={i} checked={kind === k.value} />
          ))}
        </div>
      </FormGroup>
      <TextArea name="options" label="Options, one per line (single and multiple choice)" hint="In the order members see them. You can also move them up and down afterwards." defaultValue={value("options")} result={result} rows={5} />
      {/* Every kind's own fields are always shown, labelled with their kind: govuk-frontend's
          conditional reveal marks radios aria-expanded, which radios may not carry (axe). */}
      <TextInput name="maxChoices" label="Multiple choice only: the most options a member may choose" type="text" width="10" defaultValue={value("maxChoices")} result={result} />
      <TextInput name="scaleLowLabel" label="Scale only: the words for 1" defaultValue={value("scaleLowLabel")} result={result} width="two-thirds" />
      <TextInput name="scaleHighLabel" label="Scale only: the words for 5" defaultValue={value("scaleHighLabel")} result={result} width="two-thirds" />
      <TextInput name="maxLength" label="Written answer only: the most characters an answer may have" type="text" width="10" defaultValue={value("maxLength")} result={result} />
      <div className="govuk-button-group">
        <Button>{button}</Button>
        {cancel}
      </div>
    </Form>
  );
}

function KindRadio({ k, index, checked }: { k: { value: string; label: string; hint: string }; index: number; checked: boolean }) {
  const id = `${fieldId("kind")}-${index}`;
  return (
    <div className="govuk-radios__item">
      <input className="govuk-radios__input" id={id} name="kind" type="radio" value={k.value} defaultChecked={checked} aria-describedby={`${id}-hint`} />
      <label className="govuk-label govuk-radios__label" htmlFor={id}>
        {k.label}
      </label>
      <div id={`${id}-hint`} className="govuk-hint govuk-radios__hint">
        {k.hint}
      </div>
    </div>
  );
}
export type QuestionCardView = {
  id: string;
  number: number;
  kind: string;
  kindLabel: string;
  prompt: string;
  helpText: string;
  required: boolean;
  maxChoices: number | null;
  scaleLowLabel: string | null;
  scaleHighLabel: string | null;
  maxLength: number | null;
  options: { id: string; label: string }[];
};

function SmallButton({ intent, children }: { intent: string; children: ReactNode }) {
  return (
    <button type="submit" name="intent" value={intent} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-right-2" data-module="govuk-button">
      {children}
    </button>
  );
}

/**
 * The questions as summary cards. While a draft: move up and down, change and remove, and
 * move each option up and down — every one a small form, so it all works without JavaScript.
 * Once open: only "Fix the help text".
 */
export function QuestionCards({ questions, editable, changeLabel }: { questions: QuestionCardView[]; editable: boolean; changeLabel: string }) {
  return (
    <ol className="govuk-list" data-testid="question-cards">
      {questions.map((q, i) => (
        <li key={q.id} id={`question-${q.id}`}>
          <div className="govuk-summary-card" data-testid="question-card">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">
                Question {q.number}: {q.prompt}
              </h3>
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <a className="govuk-link" href={`?question=${q.id}#question-form`}>
                    {changeLabel}
                    <span className="govuk-visually-hidden"> of question {q.number}</span>
                  </a>
                </li>
              </ul>
            </div>
            <div className="govuk-summary-card__content">
              <SummaryList>
                <SummaryRow label="Kind">{q.kindLabel}</SummaryRow>
                <SummaryRow label="Answer">{q.required ? "Required" : "Optional"}</SummaryRow>
                <SummaryRow label="Help text">{q.helpText || "None"}</SummaryRow>
                {q.kind === "multiple" ? <SummaryRow label="Most choices">{q.maxChoices}</SummaryRow> : null}
                {q.kind === "scale" ? <SummaryRow label="Scale">{`1 – ${q.scaleLowLabel} … 5 – ${q.scaleHighLabel}`}</SummaryRow> : null}
                {q.kind === "text" ? <SummaryRow label="Most characters">{q.maxLength?.toLocaleString("en-GB")}</SummaryRow> : null}
                {q.options.length ? (
                  <SummaryRow label="Options">
                    <ol className="govuk-list govuk-list--number">
                      {q.options.map((o, j) => (
                        <li key={o.id}>
                          {o.label}
                          {editable && q.options.length > 1 ? (
                            <Form method="post" className="govuk-!-margin-top-1 govuk-!-margin-bottom-2">
                              <input type="hidden" name="optionId" value={o.id} />
                              {j > 0 ? (
                                <SmallButton intent="option-up">
                                  Up<span className="govuk-visually-hidden"> option ‘{o.label}’ of question {q.number}</span>
                                </SmallButton>
                              ) : null}
                              {j < q.options.length - 1 ? (
                                <SmallButton intent="option-down">
                                  Down<span className="govuk-visually-hidden"> option ‘{o.label}’ of question {q.number}</span>
                                </SmallButton>
                              ) : null}
                            </Form>
                          ) : null}
                        </li>
                      ))}
                    </ol>
                  </SummaryRow>
                ) : null}
              </SummaryList>
              {editable ? (
                <Form method="post" data-testid="question-actions">
                  <input type="hidden" name="questionId" value={q.id} />
                  {i > 0 ? (
                    <SmallButton intent="question-up">
                      Move up<span className="govuk-visually-hidden"> question {q.number}</span>
                    </SmallButton>
                  ) : null}
                  {i < questions.length - 1 ? (
                    <SmallButton intent="question-down">
                      Move down<span className="govuk-visually-hidden"> question {q.number}</span>
                    </SmallButton>
                  ) : null}
                  <SmallButton intent="remove-question">
                    Remove<span className="govuk-visually-hidden"> question {q.number}</span>
                  </SmallButton>
                </Form>
              ) : null}
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
