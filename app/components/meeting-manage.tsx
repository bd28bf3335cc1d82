// The moderators' panel on a meeting's page: RSVP counts, the next step in the lifecycle, and
// links to attendance, minutes and review comments. Only moves the model allows in the current
// status are offered (the model refuses the rest anyway).
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, Checkbox, fieldError, TextInput, type FormResult } from "./forms";

export type ManageData = {
  meetingId: string;
  status: string;
  moves: Record<"mark-held" | "start-minutes" | "open-review" | "publish" | "cancel", boolean>;
  counts: { going: number; maybe: number; notGoing: number };
  started: boolean;
  attendanceRecorded: boolean;
  reviewOpenUntil: string | null;
  reviewStillOpen: boolean;
  commentCount: number;
};

function MoveForm({ intent, children, button, warning, secondary }: { intent: string; children?: ReactNode; button: string; warning?: boolean; secondary?: boolean }) {
  return (
    <Form method="post" noValidate className="govuk-!-margin-bottom-6" data-testid={`move-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <Button warning={warning} secondary={secondary}>
        {button}
      </Button>
    </Form>
  );
}

export function ManagePanel({ data, resultFor }: { data: ManageData; resultFor: (intent: string) => FormResult }) {
  const { moves, meetingId: id } = data;
  const earlyError = fieldError(resultFor("publish"), "early");
  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby="manage-heading" data-testid="manage">
      <h2 className="govuk-heading-m" id="manage-heading">
        Manage this meeting
      </h2>
      <p className="govuk-body" data-testid="rsvp-counts">
        Answers so far: {data.counts.going} going, {data.counts.maybe} maybe, {data.counts.notGoing} not going.
      </p>
      <ul className="govuk-list">
        {data.status === "scheduled" ? (
          <li>
            <Link className="govuk-link" to={`/meetings/${id}/edit`}>
              Change the details or agenda
            </Link>
          </li>
        ) : null}
        {["held", "minutes-draft", "minutes-review"].includes(data.status) ? (
          <li>
            <Link className="govuk-link" to={`/meetings/${id}/attendance`}>
              {data.attendanceRecorded ? "Change the attendance" : "Record the attendance"}
            </Link>
          </li>
        ) : null}
        {["minutes-draft", "minutes-review", "minutes-published"].includes(data.status) ? (
          <li>
            <Link className="govuk-link" to={`/meetings/${id}/minutes`}>
              {data.status === "minutes-published" ? "Correct the minutes" : "Write the minutes"}
            </Link>
          </li>
        ) : null}
        {["minutes-review", "minutes-published"].includes(data.status) ? (
          <li>
            <Link className="govuk-link" to={`/meetings/${id}/review`}>
              Read the review comments ({data.commentCount})
            </Link>
          </li>
        ) : null}
      </ul>
      {moves["mark-held"] ? (
        data.started ? (
          <MoveForm intent="mark-held" button="Mark as held" />
        ) : (
          <p className="govuk-body">Once the meeting has started you can mark it as held and record the attendance.</p>
        )
      ) : null}
      {moves["start-minutes"] ? <MoveForm intent="start-minutes" button="Start writing the minutes" /> : null}
      {moves["open-review"] ? (
        <MoveForm intent="open-review" button="Send the draft to members for review">
          <p className="govuk-body">Members who attended (marked present, or who said they were going) are emailed and can comment on each agenda item.</p>
          <TextInput name="reviewDays" label="Days they have to comment" width="10" defaultValue="7" result={resultFor("open-review")} />
        </MoveForm>
      ) : null}
      {moves.publish ? (
        <MoveForm intent="publish" button="Publish the minutes">
          {data.reviewStillOpen ? (
            <>
              <p className="govuk-body">Members can comment until the end of {data.reviewOpenUntil}.</p>
              <Checkbox name="early" label="Close the review early and publish now" error={earlyError} />
            </>
          ) : (
            <p className="govuk-body">The review period has ended.</p>
          )}
        </MoveForm>
      ) : null}
      {moves.cancel ? (
        <details className="govuk-details" open={!!resultFor("cancel")}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Cancel this meeting</span>
          </summary>
          <div className="govuk-details__text">
            <MoveForm intent="cancel" button="Cancel the meeting" warning>
              <TextInput name="reason" label="Reason (members are told)" result={resultFor("cancel")} />
            </MoveForm>
          </div>
        </details>
      ) : null}
    </section>
  );
}
