// The victim's My Met Service form, shared by a single-use link (/feedback/:token) and a
// leaflet's standing QR code (/feedback/borough/:borough), and the help every feedback page
// shows beside it. Plain HTML form: it works without JavaScript, on a 320 px phone.
import { Form, Link } from "@remix-run/react";
import { Button, Choices, ErrorSummary, TextArea, TextInput, type FormResult } from "./forms";
import { PiiFindings, type PiiCheckView } from "./pii-findings";
import { FEEDBACK_QUESTIONS, RATING_LABELS, RATINGS, YES_PARTLY_NO, YES_PARTLY_NO_LABELS } from "~/utils/feedback";
import { FEEDBACK_FIELD_ORDER } from "~/utils/feedback-form";

export function FeedbackForm({ result, pii, intro }: { result: FormResult; pii: PiiCheckView | null; intro: string }) {
  return (
    <>
      <ErrorSummary result={result} fieldOrder={FEEDBACK_FIELD_ORDER} />
      <span className="govuk-caption-l">My Met Service</span>
      <h1 className="govuk-heading-l">Tell us how the police treated you</h1>
      <p className="govuk-body">{intro}</p>
      <p className="govuk-body">
        It takes about a minute. You do not need an account and we do not ask your name. Officers only ever see totals from 5 or more
        people, never one person&apos;s answer.
      </p>
      <Form method="post" noValidate>
        {pii ? <PiiFindings check={pii} submitLabel="Send anyway" what="comment" /> : null}
        <Choices
          type="radio"
          name="rating"
          legend="How well did the officer treat you?"
          hint="5 is the best, 1 is the worst."
          options={RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] }))}
          result={result}
        />
        {FEEDBACK_QUESTIONS.map((q) => (
          <Choices
            key={q.name}
            type="radio"
            name={q.name}
            legend={q.question}
            options={YES_PARTLY_NO.map((v) => ({ value: v, label: YES_PARTLY_NO_LABELS[v] }))}
            result={result}
            small
          />
        ))}
        <TextArea
          name="comment"
          label="Is there anything else you would like to tell us? (optional)"
          hint="Please do not include names, addresses, phone numbers or crime reference numbers. A moderator reads every comment before any member of staff does. Comments are never published."
          rows={5}
          result={result}
        />
        <Choices
          type="radio"
          name="wantsToHear"
          legend="Would you like to hear about the Victim Voice Forum?"
          hint="The forum is a group of victims of crime who tell the Met and the Mayor's Office what needs to change. A moderator may invite you to join."
          options={[
            { value: "yes", label: "Yes, tell me about it" },
            { value: "no", label: "No, thank you" },
          ]}
          defaultValue={["no"]}
          result={result}
        />
        <TextInput
          name="interestContact"
          label="Your email address or mobile number (only if you answered yes)"
          hint="We keep it apart from your answers, so nobody can tell which answers were yours. We delete it once a moderator has been in touch."
          autoComplete="email"
          spellCheck={false}
          result={result}
        />
        <Button>Send my feedback</Button>
      </Form>
    </>
  );
}

/** Rights and support, beside every feedback page. */
export function FeedbackSignposts() {
  return (
    <aside className="vvf-feedback-help" aria-labelledby="feedback-help-title">
      <h2 className="govuk-heading-m" id="feedback-help-title">
        Help and your rights
      </h2>
      <p className="govuk-body">
        If you are in danger now, call <a className="govuk-link" href="tel:999">999</a>. If it is not an emergency, call{" "}
        <a className="govuk-link" href="tel:101">101</a>.
      </p>
      <p className="govuk-body">
        Victim Support is free and open 24 hours a day, even if you have not told the police: call{" "}
        <a className="govuk-link" href="tel:08081689111">0808 16 89 111</a>.
      </p>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/rights">
            Your 12 rights as a victim of crime
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/support">
            Support services and staying safe online
          </Link>
        </li>
      </ul>
    </aside>
  );
}

const GONE = {
  used: {
    title: "This feedback link has already been used",
    body: "Each link takes one answer, and this one has been answered. Thank you if that was you. If you would still like to tell us something, you can use the link on a Victim Voice Forum leaflet.",
  },
  expired: {
    title: "This feedback link has expired",
    body: "Feedback links work for 14 days after the officer sends them. You can still tell us how you were treated through the link on a Victim Voice Forum leaflet, or ask the officer for a new link.",
  },
  unknown: {
    title: "We cannot find this feedback link",
    body: "Check that you copied the whole link from your email or text message. If it still does not work, ask the officer for a new one.",
  },
} as const;

/** A kind page for a link that can no longer take an answer. */
export function FeedbackGone({ state }: { state: keyof typeof GONE }) {
  const copy = GONE[state];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{copy.title}</h1>
        <p className="govuk-body">{copy.body}</p>
        <FeedbackSignposts />
      </div>
    </div>
  );
}
