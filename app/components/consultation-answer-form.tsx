// The answer form and its "check your answers" page, in the GOV.UK patterns: every question a
// fieldset with its question as the legend (or a labelled text area), errors beside the field
// and in the summary, and a summary list to check before sending. Works without JavaScript.
import { Choices, TextArea, type FormResult } from "./forms";
import { SummaryList, SummaryRow } from "./summary-list";

export type AnswerQuestion = {
  id: string;
  number: number;
  kind: "single" | "multiple" | "scale" | "text";
  prompt: string;
  helpText: string;
  required: boolean;
  maxChoices: number | null;
  scaleLowLabel: string | null;
  scaleHighLabel: string | null;
  maxLength: number | null;
  options: { id: string; label: string }[];
};

export type AnswerDefaults = Record<string, string | string[]>;

export const answerField = (questionId: string) => `q-${questionId}`;

function legend(q: AnswerQuestion) {
  return (
    <>
      <span className="govuk-caption-m">Question {q.number}</span>
      {q.prompt} {q.required ? <span className="govuk-!-font-weight-regular">(required)</span> : <span className="govuk-!-font-weight-regular">(optional)</span>}
    </>
  );
}

export function scaleOptions(q: Pick<AnswerQuestion, "scaleLowLabel" | "scaleHighLabel">) {
  return ["1", "2", "3", "4", "5"].map((v) => ({
    value: v,
    label: v === "1" && q.scaleLowLabel ? `1 – ${q.scaleLowLabel}` : v === "5" && q.scaleHighLabel ? `5 – ${q.scaleHighLabel}` : v,
  }));
}

/** Every question as a form field, prefilled with what was sent (or the member's saved answers). */
export function AnswerFields({ questions, result, defaults }: { questions: AnswerQuestion[]; result: FormResult; defaults: AnswerDefaults }) {
  return (
    <>
      {questions.map((q) => {
        const name = answerField(q.id);
        const saved = defaults[name];
        const hint = [q.helpText, q.kind === "multiple" && q.maxChoices ? `Choose up to ${q.maxChoices}.` : ""].filter(Boolean).join(" ") || undefined;
        if (q.kind === "text") return <WrittenAnswer key={q.id} q={q} result={result} saved={typeof saved === "string" ? saved : ""} />;
        return (
          <Choices
            key={q.id}
            name={name}
            type={q.kind === "multiple" ? "checkbox" : "radio"}
            legend={legend(q)}
            hint={hint}
            options={q.kind === "scale" ? scaleOptions(q) : q.options.map((o) => ({ value: o.id, label: o.label }))}
            result={result}
            defaultValue={saved === undefined ? [] : [saved].flat()}
          />
        );
      })}
    </>
  );
}

function WrittenAnswer({ q, result, saved }: { q: AnswerQuestion; result: FormResult; saved: string }) {
  const max = (q.maxLength ?? 1000).toLocaleString("en-GB");
  return (
    <TextArea
      name={answerField(q.id)}
      label={legend(q)}
      hint={`${q.helpText ? `${q.helpText} ` : ""}You can write up to ${max} characters. A moderator reads it before it appears, without your name, in the results. Please leave out names, addresses and anything else that could identify you or someone else.`}
      rows={5}
      result={result}
      defaultValue={saved}
    />
  );
}

/** The answers as words, for "Check your answers". */
export function answerText(q: AnswerQuestion, value: string | string[] | undefined): string {
  if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) return "Not answered";
  if (q.kind === "text") return String(value);
  if (q.kind === "scale") return scaleOptions(q).find((o) => o.value === value)?.label ?? String(value);
  return [value]
    .flat()
    .map((v) => q.options.find((o) => o.id === v)?.label ?? v)
    .join(", ");
}

/** The values sent, as hidden inputs, so "Send" and "Change" carry them without JavaScript. */
export function HiddenAnswers({ questions, values }: { questions: AnswerQuestion[]; values: Record<string, unknown> }) {
  return (
    <>
      {questions.flatMap((q) => {
        const name = answerField(q.id);
        const v = values[name];
        if (v === undefined || v === null) return [];
        return [v].flat().map((one, i) => <input type="hidden" name={name} value={String(one)} key={`${name}-${i}`} />);
      })}
    </>
  );
}

export function AnswerSummary({ questions, values }: { questions: AnswerQuestion[]; values: Record<string, unknown> }) {
  return (
    <SummaryList testId="answer-summary">
      {questions.map((q) => (
        <SummaryRow key={q.id} label={<>{q.number}. {q.prompt}</>} valueClassName="vvf-pre-wrap">{answerText(q, values[answerField(q.id)] as string | string[] | undefined)}</SummaryRow>
      ))}
    </SummaryList>
  );
}
