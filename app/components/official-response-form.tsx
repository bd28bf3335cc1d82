// The form a responder publishes an official response with, on a meeting, an action or a report
// (/respond/meetings/:id, /respond/actions/:id): their role as shown with the response and the
// response in Markdown. If the text looks like it holds identifying details, the page shows
// what was found and "Publish anyway" sends the same text again with its confirmation.
// Also the "Official responses" part of a meeting's or an action's own page.
import { Form, Link } from "@remix-run/react";
import { Button, TextArea, TextInput, type FormResult } from "./forms";
import { PiiFindings, type PiiCheckView } from "./pii-findings";
import { OfficialResponse, type OfficialResponseView } from "./post-body";

/**
 * The responses on a meeting or an action, with the badge of each organisation, and for a
 * responder whose organisation may answer it a link to do so.
 */
export function ResponsesOnThing({
  responses,
  offer,
  respondHref,
  what,
}: {
  responses: OfficialResponseView[];
  offer: { state: "may-respond" | "responded"; organisationLabel: string } | null;
  respondHref: string;
  what: "meeting" | "action";
}) {
  if (!responses.length && offer?.state !== "may-respond") return null;
  return (
    <section aria-labelledby="official-responses-heading" data-testid="official-responses">
      <h2 className="govuk-heading-m" id="official-responses-heading">
        Official responses
      </h2>
      {responses.length === 0 ? <p className="govuk-body">There are no official responses to this {what} yet.</p> : null}
      {responses.map((r) => (
        <OfficialResponse key={r.id} response={r} />
      ))}
      {offer?.state === "may-respond" ? (
        <p className="govuk-body">
          <Link className="govuk-button govuk-!-margin-bottom-0" role="button" draggable={false} data-module="govuk-button" to={respondHref}>
            Respond for {offer.organisationLabel}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function OfficialResponseForm({ organisation, lastTitle, result, pii }: { organisation: string; lastTitle: string; result: FormResult; pii: PiiCheckView | null }) {
  return (
    <Form method="post" noValidate className="govuk-!-width-two-thirds" data-testid="official-response-form">
      {pii ? <PiiFindings check={pii} what="response" submitLabel="Publish anyway" /> : null}
      <TextInput name="responderTitle" label="Your role, as shown with the response" hint="For example, Reform lead, Victim Care" defaultValue={lastTitle} result={result} />
      <TextArea
        name="body"
        label={`${organisation}'s response`}
        hint="Say what you will do and by when. You can use Markdown. It is published straight away, in public, with your organisation's badge."
        rows={10}
        result={result}
      />
      <Button>Publish the response</Button>
    </Form>
  );
}

/**
 * A responder's page for one thing (/respond/actions/:id, /respond/meetings/:id,
 * /respond/my-met-service/:month): the responses so far, then the form, or a sentence when the
 * responder's organisation has already responded.
 */
export function ResponsesWithForm({
  responses,
  offer,
  noneYet,
  responded,
  lastTitle,
  result,
  pii,
}: {
  responses: OfficialResponseView[];
  offer: { state: "may-respond" | "responded"; organisationLabel: string };
  /** Said when there is no response yet. */
  noneYet: string;
  /** Follows the organisation's name once it has responded, e.g. "has responded to this action. Each organisation responds once." */
  responded: string;
  lastTitle: string;
  result: FormResult;
  pii: PiiCheckView | null;
}) {
  return (
    <>
      <h2 className="govuk-heading-m">Official responses</h2>
      {responses.length === 0 ? <p className="govuk-body">{noneYet}</p> : null}
      {responses.map((r) => (
        <OfficialResponse key={r.id} response={r} />
      ))}
      {offer.state === "responded" ? (
        <p className="govuk-body" data-testid="already-responded">
          {offer.organisationLabel} {responded}
        </p>
      ) : (
        <>
          <h2 className="govuk-heading-m">Publish {offer.organisationLabel}&apos;s response</h2>
          <OfficialResponseForm organisation={offer.organisationLabel} lastTitle={lastTitle} result={result} pii={pii} />
        </>
      )}
    </>
  );
}

