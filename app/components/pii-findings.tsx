// The warning shown when the server finds what looks like identifying details in a post
// before it is sent. It lists each finding in words and shows the text with the findings
// highlighted as React <mark> elements (never innerHTML). It sits inside the post's form:
// "Post anyway" submits the form with the hash of the exact text confirmed, so any edit is
// checked again; "Edit my post" only takes the person back to the text.
import { useEffect, useRef, type MouseEvent } from "react";
import { highlightSegments, PII_LABELS, type PiiFinding } from "~/utils/pii-labels";
import { fieldId } from "./forms";

export type PiiCheckView = {
  hash: string;
  fields: { name: string; label: string; text: string; findings: PiiFinding[] }[];
};

function Highlighted({ text, findings }: { text: string; findings: PiiFinding[] }) {
  return (
    <div className="govuk-inset-text vvf-pre-wrap vvf-pii-text">
      {highlightSegments(text, findings).map((segment, i) =>
        segment.finding ? (
          <mark className="vvf-pii" key={i}>
            {segment.text}
            <span className="govuk-visually-hidden"> (looks like {PII_LABELS[segment.finding.kind]})</span>
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </div>
  );
}

/** Words for what is being sent: a member's post (checked by a moderator first) or an official response (public at once). */
const WORDING = {
  post: { subject: "Your post", edit: "Edit my post", after: "post it as it is. A moderator will check it before anyone else sees it." },
  response: { subject: "Your response", edit: "Edit the response", after: "publish it as it is. It will be public straight away: no moderator checks it first." },
  // A victim's My Met Service comment: read by a moderator first, never published.
  comment: { subject: "Your comment", edit: "Edit my comment", after: "send it as it is. A moderator will check it before anyone else sees it." },
} as const;

export function PiiFindings({ check, submitLabel = "Post anyway", what = "post" }: { check: PiiCheckView; submitLabel?: string; what?: keyof typeof WORDING }) {
  const words = WORDING[what];
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [check.hash]);
  const editTarget = check.fields[0]?.name ?? "body";
  const focusField = (event: MouseEvent<HTMLAnchorElement>) => {
    const field = document.getElementById(fieldId(editTarget));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  };
  const findings = check.fields.flatMap((f) => f.findings);
  return (
    <div className="govuk-notification-banner vvf-pii-warning" role="region" aria-labelledby="pii-warning-title" ref={ref} tabIndex={-1} data-testid="pii-warning">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="pii-warning-title">
          Check before you send
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{words.subject} may contain details that could identify you or someone else.</p>
        <ul className="govuk-list govuk-list--bullet">
          {findings.map((f, i) => (
            <li key={i}>
              We found what looks like {PII_LABELS[f.kind]}: <strong>{f.text}</strong>
            </li>
          ))}
        </ul>
        {check.fields.map((field) => (
          <div key={field.name}>
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{field.label}, with what we found highlighted</h3>
            <Highlighted text={field.text} findings={field.findings} />
          </div>
        ))}
        <p className="govuk-body">
          You can change these details, for example &ldquo;my road&rdquo; instead of a street name. Or, if you are sure, {words.after}
        </p>
        <input type="hidden" name="piiConfirmed" value={check.hash} />
        <div className="govuk-button-group">
          <a href={`#${fieldId(editTarget)}`} role="button" draggable="false" className="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={focusField}>
            {words.edit}
          </a>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            {submitLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
