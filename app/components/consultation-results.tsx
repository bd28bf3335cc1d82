// A consultation's results: for each question a chart drawn on the server with the same
// figures in a table beside it, the scale's mean, the breakdown by forum (only where at least
// five people answered and no smaller group can be worked out from it), and the written answers a
// moderator approved, without names. Hidden figures (null) read "not shown"; the rule is stated
// under the figures (app/utils/small-numbers.ts).
import { SUPPRESSION_RULE } from "~/utils/small-numbers";
import { BAR_COLOUR, BarChart } from "./bar-chart";
import { TableScroll } from "./table-scroll";

export type OptionView = {
  label: string;
  count: number | null;
  percent: number | null;
};
export type BreakdownView =
  | { forumId: string; forumName: string; suppressed: true }
  | {
      forumId: string;
      forumName: string;
      suppressed: false;
      answered: number;
      options: OptionView[];
      mean: number | null;
    };
export type QuestionResultView = {
  id: string;
  number: number;
  prompt: string;
  kind: "single" | "multiple" | "scale" | "text";
  maxChoices: number | null;
  answered: number | null;
  options: OptionView[];
  mean: number | null;
  written: string[];
  byForum: BreakdownView[];
};
export type ResultsView = {
  respondents: number | null;
  threshold: number;
  forums: { forumId: string; forumName: string; respondents: number | null }[];
  questions: QuestionResultView[];
};

const people = (n: number) =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? "person" : "people"}`;

export function ConsultationResults({
  results,
  downloads,
}: {
  results: ResultsView;
  downloads?: { csv: string; json: string };
}) {
  return (
    <div data-testid="results">
      <p className="govuk-body-l" data-testid="respondents">
        {results.respondents === null
          ? `Fewer than ${results.threshold} people answered, so no figures are shown.`
          : `${people(results.respondents)} answered.`}
      </p>
      <ForumCounts results={results} />
      <SmallNumberRule threshold={results.threshold} />
      {downloads ? (
        <p className="govuk-body">
          Download the results:{" "}
          <a className="govuk-link" href={downloads.csv} download>
            CSV
            <span className="govuk-visually-hidden"> file of the results</span>
          </a>{" "}
          or{" "}
          <a className="govuk-link" href={downloads.json} download>
            JSON
            <span className="govuk-visually-hidden"> file of the results</span>
          </a>
          . They hold the counts only, never anyone&apos;s answers.
        </p>
      ) : null}
      {results.questions.map((q) => (
        <QuestionResult key={q.id} q={q} threshold={results.threshold} />
      ))}
    </div>
  );
}

function ForumCounts({ results }: { results: ResultsView }) {
  if (
    results.forums.length < 2 &&
    results.forums.every((f) => f.respondents !== null)
  )
    return null;
  return (
    <ul className="govuk-list govuk-list--bullet" data-testid="forum-counts">
      {results.forums.map((f) => (
        <li key={f.forumId}>
          {f.forumName}:{" "}
          {f.respondents === null
            ? `not shown separately: fewer than ${results.threshold} people answered there, or its figure would let someone work out a group that small`
            : `${people(f.respondents)} answered`}
        </li>
      ))}
    </ul>
  );
}

function SmallNumberRule({ threshold }: { threshold: number }) {
  return (
    <details className="govuk-details" data-testid="small-number-rule">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Why some figures are not shown (groups of fewer than {threshold})
        </span>
      </summary>
      <div className="govuk-details__text">
        {SUPPRESSION_RULE.map((sentence) => (
          <p className="govuk-body" key={sentence}>
            {sentence}
          </p>
        ))}
      </div>
    </details>
  );
}

const SHARE = [{ key: "share", name: "Share of people", colour: BAR_COLOUR }];

/** One answer's bar: its share of the people who answered; none where the figure is hidden (small-number rule). */
function shareBar(o: OptionView) {
  const shown = o.count !== null && o.percent !== null;
  return { label: o.label, values: { share: { value: shown ? o.percent : null, text: shown ? `${o.count} (${o.percent}%)` : "not shown" } } };
}

function QuestionResult({
  q,
  threshold,
}: {
  q: QuestionResultView;
  threshold: number;
}) {
  const headingId = `result-${q.id}`;
  return (
    <section
      className="govuk-!-margin-bottom-8"
      aria-labelledby={headingId}
      data-testid="question-result"
    >
      <h3 className="govuk-heading-m" id={headingId}>
        <span className="govuk-caption-m">Question {q.number}</span>
        {q.prompt}
      </h3>
      {q.kind === "text" ? (
        <Written q={q} />
      ) : (
        <>
          <p className="govuk-body">
            {q.answered === null
              ? `Fewer than ${threshold} people answered this question, so its figures are not shown.`
              : `${people(q.answered)} answered this question.`}
            {q.kind === "multiple"
              ? ` Each person could choose up to ${
                  q.maxChoices ?? "several"
                }, so the shares can add up to more than 100%.`
              : null}
            {q.kind === "scale" && q.mean !== null ? (
              <>
                {" "}
                The average answer was <strong>{q.mean}</strong> on the scale
                from 1 to 5.
              </>
            ) : null}
          </p>
          {q.answered === null ? null : (
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-half">
                <BarChart
                  id={`chart-${q.id}`}
                  title={`Question ${q.number}: ${q.prompt}`}
                  summary="Bar chart of the share of people who chose each answer."
                  series={SHARE}
                  groups={q.options.map(shareBar)}
                  max={100}
                />
              </div>
              <div className="govuk-grid-column-one-half">
                <FigureTable
                  caption={`Answers to question ${q.number}`}
                  options={q.options}
                />
              </div>
            </div>
          )}
          <Breakdown q={q} threshold={threshold} />
        </>
      )}
    </section>
  );
}

function FigureTable({
  caption,
  options,
}: {
  caption: string;
  options: OptionView[];
}) {
  return (
    <TableScroll>
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--s">
        {caption}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Answer
          </th>
          <th
            scope="col"
            className="govuk-table__header govuk-table__header--numeric"
          >
            People
          </th>
          <th
            scope="col"
            className="govuk-table__header govuk-table__header--numeric"
          >
            Share
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {options.map((o) => (
          <tr className="govuk-table__row" key={o.label}>
            <th scope="row" className="govuk-table__header">
              {o.label}
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {o.count ?? "not shown"}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {o.percent === null ? "not shown" : `${o.percent}%`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableScroll>
  );
}

function Breakdown({
  q,
  threshold,
}: {
  q: QuestionResultView;
  threshold: number;
}) {
  if (q.byForum.length < 2) return null;
  const shown = q.byForum.filter(
    (b): b is Extract<BreakdownView, { suppressed: false }> => !b.suppressed
  );
  const hidden = q.byForum.filter((b) => b.suppressed);
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Question {q.number} by forum
        </span>
      </summary>
      <div className="govuk-details__text">
        {shown.length ? (
          <TableScroll>
          <table className="govuk-table" data-testid="forum-breakdown">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Answers to question {q.number} in each forum where at least{" "}
              {threshold} people answered
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Answer
                </th>
                {shown.map((b) => (
                  <th
                    scope="col"
                    className="govuk-table__header govuk-table__header--numeric"
                    key={b.forumId}
                  >
                    {b.forumName} ({b.answered})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {q.options.map((o, i) => (
                <tr className="govuk-table__row" key={o.label}>
                  <th scope="row" className="govuk-table__header">
                    {o.label}
                  </th>
                  {shown.map((b) => (
                    <td
                      className="govuk-table__cell govuk-table__cell--numeric"
                      key={b.forumId}
                    >
                      {b.options[i]?.count ?? 0} ({b.options[i]?.percent ?? 0}%)
                    </td>
                  ))}
                </tr>
              ))}
              {q.kind === "scale" ? (
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    Average
                  </th>
                  {shown.map((b) => (
                    <td
                      className="govuk-table__cell govuk-table__cell--numeric"
                      key={b.forumId}
                    >
                      {b.mean ?? "–"}
                    </td>
                  ))}
                </tr>
              ) : null}
            </tbody>
          </table>
          </TableScroll>
        ) : null}
        {hidden.map((b) => (
          <p className="govuk-body" key={b.forumId} data-testid="suppressed">
            {b.forumName}: not shown separately. Fewer than {threshold} people
            answered there, or its figures would let someone work out a group of
            fewer than {threshold} (they could point to someone).
          </p>
        ))}
      </div>
    </details>
  );
}

function Written({ q }: { q: QuestionResultView }) {
  return (
    <>
      <p className="govuk-body">
        {q.answered === null ? "Fewer than 5 people" : people(q.answered)} wrote
        an answer. A moderator reads each one first;{" "}
        {q.written.length === 1 ? "1 is" : `${q.written.length} are`} published
        here, without names.
      </p>
      {q.written.length ? (
        <ul className="govuk-list" data-testid="written-answers">
          {q.written.map((w, i) => (
            <li key={i}>
              <blockquote className="govuk-inset-text vvf-pre-wrap govuk-!-margin-top-2 govuk-!-margin-bottom-2">
                {w}
              </blockquote>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
