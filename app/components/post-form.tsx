// The pieces shared by the pages where members write: starting a thread, replying, and editing
// a post to send it again. Each form is a plain <Form method="post"> that works without
// JavaScript; the identifying-details warning (pii-findings.tsx) sits inside it.
import { Form, Link } from "@remix-run/react";
import { useId } from "react";
import { CONTENT_WARNINGS } from "~/utils/content-warnings";
import { Choices, describedBy, fieldId, FormGroup, TextArea, type FormResult } from "./forms";
import { FOCUS_FIRST } from "./page-change";

const REPORT_HINT = "A moderator will look at it again. The person who wrote it will not know who reported it.";

export const WARNING_OPTIONS = Object.entries(CONTENT_WARNINGS).map(([value, label]) => ({ value, label }));

export function MarkdownHint() {
  return (
    <>
      You can use Markdown: a blank line starts a new paragraph, <code>**bold**</code>, <code>*italics*</code>, <code>- </code> at
      the start of a line for a list, and <code>[words](https://example.org)</code> for a link. Pictures and HTML are not shown.
      Please do not include names, addresses, phone numbers or crime reference numbers.
    </>
  );
}

/** Body, content warnings and (for new posts) "I am at risk now". */
export function PostFields({
  result,
  bodyLabel = "Your post",
  defaultBody,
  defaultWarnings,
  showAtRisk = true,
}: {
  result: FormResult;
  bodyLabel?: string;
  defaultBody?: string;
  defaultWarnings?: string[];
  showAtRisk?: boolean;
}) {
  return (
    <>
      <TextArea name="body" label={bodyLabel} hint={<MarkdownHint />} rows={10} result={result} defaultValue={defaultBody} />
      <Choices
        name="contentWarnings"
        legend="Content warnings (optional)"
        hint="If your post talks about any of these, tick them. Readers then choose whether to open it."
        options={WARNING_OPTIONS}
        result={result}
        defaultValue={defaultWarnings}
        small
      />
      {showAtRisk ? <AtRiskField result={result} /> : null}
    </>
  );
}

/** "I am at risk now": such a post goes to the safeguarding list, never the ordinary queue. */
export function AtRiskField({ result }: { result: FormResult }) {
  return (
    <Choices
      name="atRisk"
      legend="Your safety"
      options={[
        {
          value: "on",
          label: "I am at risk now",
          hint: "Tick this if you are in danger or fear for your safety now. We will show you who to call straight away, and a moderator will read your post first. It will not be published as it stands.",
        },
      ]}
      result={result}
    />
  );
}

function Phone({ number }: { number: string }) {
  return (
    <a className="govuk-link" href={`tel:${number.replace(/\s/g, "")}`}>
      {number}
    </a>
  );
}

/**
 * Who to call, shown at once to a person who says they are at risk. `takeFocus`: it is what the
 * page is for just after they sent their post, so it takes focus and is read out first.
 */
export function EmergencyContacts({ headingLevel = 2, takeFocus = false }: { headingLevel?: 2 | 3 | 4; takeFocus?: boolean }) {
  const Heading = (["h2", "h3", "h4"] as const)[headingLevel - 2];
  const headingId = useId();
  return (
    <div
      className="vvf-safety-box"
      role="region"
      aria-labelledby={headingId}
      data-testid="emergency-contacts"
      {...(takeFocus ? { ...FOCUS_FIRST, tabIndex: -1 } : {})}
    >
      <Heading className="govuk-heading-m" id={headingId}>
        If you are in danger now
      </Heading>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Call <Phone number="999" /> and ask for the police. If you cannot speak, press 55 when asked.
        </strong>
      </div>
      <ul className="govuk-list">
        <li>
          Police, when it is not an emergency: <Phone number="101" />
        </li>
        <li>
          Samaritans, any time, free: <Phone number="116 123" />
        </li>
        <li>
          National Domestic Abuse Helpline, any time, free: <Phone number="0808 2000 247" />
        </li>
        <li>
          Victim Support, any time, free: <Phone number="0808 16 89 111" />
        </li>
      </ul>
      <p className="govuk-body">
        <Link className="govuk-link" to="/support">
          More support services and how to stay safe online
        </Link>
      </p>
    </div>
  );
}

/** "Withdraw this post": the author takes their own post down. */
export function WithdrawPostForm({ postId, action }: { postId: string; action: string }) {
  return (
    <Form method="post" action={action} className="govuk-!-display-inline-block">
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="postId" value={postId} />
      <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
        Withdraw this post
      </button>
    </Form>
  );
}

/** "Report this post", folded away in a <details> so it does not crowd the thread. */
export function ReportPostForm({
  postId,
  action,
  error,
  defaultReason,
  open,
  plain,
}: {
  postId: string;
  action: string;
  error?: string;
  defaultReason?: string;
  open?: boolean;
  /** A plain <form> (the same HTML), for markup rendered outside the router: a post's shared fragment. */
  plain?: boolean;
}) {
  const id = fieldId(`report-${postId}`);
  const FormElement = plain ? "form" : Form;
  return (
    <details className="govuk-details govuk-!-margin-bottom-0" open={open || undefined}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Report this post</span>
      </summary>
      <div className="govuk-details__text">
        <FormElement method="post" action={action}>
          <input type="hidden" name="intent" value="report" />
          <input type="hidden" name="postId" value={postId} />
          <FormGroup id={id} label="Why are you reporting this post?" hint={REPORT_HINT} error={error}>
            <textarea
              className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
              id={id}
              name="reason"
              rows={3}
              defaultValue={defaultReason}
              aria-describedby={describedBy(id, { hint: REPORT_HINT, error })}
              aria-invalid={error ? true : undefined}
            />
          </FormGroup>
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
            Send report
          </button>
        </FormElement>
      </div>
    </details>
  );
}
